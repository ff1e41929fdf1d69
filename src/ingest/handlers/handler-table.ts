import type { Repositories } from '../../store/store.js';
import type { WebhookEvent } from '../webhook-event.js';
import { COMPANY_PROPERTIES, CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../hubspot-fields.js';

/** Objects whose events need a read from HubSpot, since events carry ids only. */
export type FetchType =
  | 'contacts'
  | 'companies'
  | 'deals'
  | 'calls'
  | 'emails'
  | 'meetings'
  | 'notes'
  | 'users'
  | 'networking_team'
  | 'networking_role'
  | 'networking_activity';

export type Handler =
  /** Collected across the claimed events and read in batches: a burst becomes one read. */
  | { kind: 'fetch'; fetch: FetchType }
  /** Applied from the event alone, in its own transaction. */
  | { kind: 'apply'; apply: (event: WebhookEvent, repos: Repositories) => Promise<void> };

const fetch = (type: FetchType): Handler => ({ kind: 'fetch', fetch: type });
const apply = (fn: (event: WebhookEvent, repos: Repositories) => Promise<void>): Handler => ({
  kind: 'apply',
  apply: fn,
});

function objectId(event: WebhookEvent): number {
  if (event.objectId === undefined)
    throw new Error(`${event.subscriptionType} event ${event.eventId} has no objectId`);
  return event.objectId;
}

const propertyChange = <T extends object>(
  mapping: Record<string, (v: string | null | undefined) => T>,
  change: (
    repos: Repositories,
    portalId: number,
    id: number,
    fields: T,
    occurredAt: number,
  ) => Promise<unknown>,
) =>
  apply(async (event, repos) => {
    const parse = event.propertyName ? mapping[event.propertyName] : undefined;
    if (!parse) return; // a property we do not mirror
    await change(
      repos,
      event.portalId,
      objectId(event),
      parse(event.propertyValue),
      event.occurredAt,
    );
  });

const archive = (object: 'contact' | 'company' | 'deal', archived: boolean) =>
  apply(async (event, repos) =>
    repos.changes.setArchived(object, event.portalId, objectId(event), archived),
  );

const merge = (object: 'contact' | 'company') =>
  apply(async (event, repos) => {
    const survivor = event.primaryObjectId ?? event.newObjectId ?? objectId(event);
    await repos.changes.merge(object, event.portalId, survivor, event.mergedObjectIds ?? []);
  });

/** Association changes between the objects the mirror links; others are re-read with their owner record. */
const association = (from: 'contact' | 'company' | 'deal') =>
  apply(async (event, repos) => {
    if (event.fromObjectId === undefined || event.toObjectId === undefined) return;
    const present = event.associationRemoved !== true;
    const toType = event.toObjectTypeId;
    if (from === 'contact' && toType === '0-2')
      await repos.changes.link(
        'contact_company',
        event.portalId,
        event.fromObjectId,
        event.toObjectId,
        present,
      );
    else if (from === 'company' && toType === '0-1')
      await repos.changes.link(
        'contact_company',
        event.portalId,
        event.toObjectId,
        event.fromObjectId,
        present,
      );
    else if (from === 'deal' && toType === '0-1')
      await repos.changes.link(
        'deal_contact',
        event.portalId,
        event.fromObjectId,
        event.toObjectId,
        present,
      );
    else if (from === 'deal' && toType === '0-2')
      await repos.changes.link(
        'deal_company',
        event.portalId,
        event.fromObjectId,
        event.toObjectId,
        present,
      );
  });

const removeTouch = apply(async (event, repos) =>
  repos.touches.remove(event.portalId, objectId(event)),
);
const removeNetworking = (table: 'team' | 'role' | 'activity') =>
  apply(async (event, repos) => repos.networking.archive(table, event.portalId, objectId(event)));

/**
 * Every subscription in webhooks/webhooks-hsmeta.json has exactly one entry here (a test checks
 * both directions). Keys are `<objectType>/<subscriptionType>` for generic events.
 */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  'contact/object.creation': fetch('contacts'),
  'contact/object.restore': fetch('contacts'),
  'contact/object.deletion': archive('contact', true),
  'contact/object.merge': merge('contact'),
  'contact/object.associationChange': association('contact'),
  'contact/object.propertyChange': propertyChange(CONTACT_PROPERTIES, (r, p, id, f, at) =>
    r.changes.changeContact(p, id, f, at),
  ),
  'company/object.creation': fetch('companies'),
  'company/object.restore': fetch('companies'),
  'company/object.deletion': archive('company', true),
  'company/object.merge': merge('company'),
  'company/object.associationChange': association('company'),
  'company/object.propertyChange': propertyChange(COMPANY_PROPERTIES, (r, p, id, f, at) =>
    r.changes.changeCompany(p, id, f, at),
  ),
  'deal/object.creation': fetch('deals'),
  'deal/object.restore': fetch('deals'),
  'deal/object.deletion': archive('deal', true),
  'deal/object.merge': fetch('deals'),
  'deal/object.associationChange': association('deal'),
  'deal/object.propertyChange': propertyChange(DEAL_PROPERTIES, (r, p, id, f, at) =>
    r.changes.changeDeal(p, id, f, at),
  ),
  'call/object.creation': fetch('calls'),
  'call/object.deletion': removeTouch,
  'call/object.associationChange': fetch('calls'),
  'email/object.creation': fetch('emails'),
  'email/object.deletion': removeTouch,
  'email/object.associationChange': fetch('emails'),
  'meeting_event/object.creation': fetch('meetings'),
  'meeting_event/object.deletion': removeTouch,
  'meeting_event/object.associationChange': fetch('meetings'),
  'note/object.creation': fetch('notes'),
  'note/object.deletion': removeTouch,
  'note/object.associationChange': fetch('notes'),
  'user/object.creation': fetch('users'),
  'user/object.deletion': apply(async (event, repos) =>
    repos.owners.archiveByUserId(event.portalId, objectId(event), event.occurredAt),
  ),
  'p_networking_team/object.creation': fetch('networking_team'),
  'p_networking_team/object.deletion': removeNetworking('team'),
  'p_networking_team/object.associationChange': fetch('networking_team'),
  'p_networking_team/object.propertyChange': fetch('networking_team'),
  'p_networking_role/object.creation': fetch('networking_role'),
  'p_networking_role/object.deletion': removeNetworking('role'),
  'p_networking_role/object.associationChange': fetch('networking_role'),
  'p_networking_role/object.propertyChange': fetch('networking_role'),
  'p_networking_activity/object.creation': fetch('networking_activity'),
  'p_networking_activity/object.deletion': removeNetworking('activity'),
  'p_networking_activity/object.associationChange': fetch('networking_activity'),
  'p_networking_activity/object.propertyChange': fetch('networking_activity'),
  'contact.privacyDeletion': apply(async (event, repos) => {
    await repos.changes.purgeContact(event.portalId, objectId(event));
    await repos.inbox.purgeObject(event.portalId, objectId(event));
    await repos.deadLetters.purgeObject(event.portalId, objectId(event));
  }),
};
