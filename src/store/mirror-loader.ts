import { DEFAULT_SETTINGS, type Settings } from '../domain/settings.js';
import type {
  Company,
  Contact,
  Deal,
  NetworkingActivity,
  NetworkingRole,
  NetworkingTeam,
  Owner,
  Portal,
  PortalId,
  Touch,
} from '../domain/types.js';
import type { BulkLoader } from './bulk/bulk-loader.js';
import { toCompanyRow } from './repositories/company-repository.js';
import { toContactRow } from './repositories/contact-rows.js';
import { flag } from './repositories/db.js';
import { toDealRow } from './repositories/deal-repository.js';
import type { Target } from './repositories/networking-repository.js';
import { toActivityRow, toRoleRow, toTeamRow } from './repositories/networking-rows.js';
import { toOwnerRow } from './repositories/owner-repository.js';
import { toTouchContactRow, toTouchRow } from './repositories/touch-repository.js';

export interface ContactCompanyLink {
  contactId: number;
  companyId: number;
  primary: boolean;
}

export interface TouchWithLinks {
  touch: Touch;
  contactIds: readonly number[];
  companyIds: readonly number[];
}

export interface DealWithLinks {
  deal: Deal;
  contactIds: readonly number[];
  companyIds: readonly number[];
}

/**
 * Writes whole domain records into a fresh portal through the bulk path: used by the demo
 * generator, and the shape backfill and export import feed as well.
 */
export interface MirrorSink {
  portal(portal: Portal): Promise<void>;
  settings(settings: Settings, changedBy: string, changedAt: number): Promise<void>;
  owners(owners: readonly Owner[]): Promise<void>;
  companies(companies: readonly Company[]): Promise<void>;
  contacts(contacts: readonly Contact[], links: readonly ContactCompanyLink[]): Promise<void>;
  touches(touches: readonly TouchWithLinks[]): Promise<void>;
  deals(deals: readonly DealWithLinks[]): Promise<void>;
  team(team: NetworkingTeam, targets: readonly Target[]): Promise<void>;
  role(role: NetworkingRole, targets: readonly Target[]): Promise<void>;
  activity(activity: NetworkingActivity, attendees: readonly Target[]): Promise<void>;
}

/**
 * A sink loading one new portal. Its contacts' numbers are read with the region of the settings
 * it was given (the default until then, as for a portal that has none).
 */
export function createMirrorSink(bulk: BulkLoader, portalId: PortalId): MirrorSink {
  let phoneRegion = DEFAULT_SETTINGS.hygiene.phoneRegion;
  const targets = <K extends 'team_id' | 'role_id' | 'activity_id'>(
    key: K,
    id: number,
    list: readonly Target[],
  ) =>
    list.map(
      (t) =>
        ({ portal_id: portalId, [key]: id, object_type: t.objectType, object_id: t.objectId }) as {
          portal_id: number;
          object_type: string;
          object_id: number;
        } & Record<K, number>,
    );

  return {
    portal: (p) =>
      bulk.insert('portals', [
        { portal_id: p.portalId, name: p.name, source: p.source, created_at: p.createdAt },
      ]),
    settings: (settings, changedBy, changedAt) => {
      phoneRegion = settings.hygiene.phoneRegion;
      return bulk.insert('settings_versions', [
        {
          portal_id: portalId,
          version: 1,
          document: JSON.stringify(settings),
          changed_by: changedBy,
          changed_at: changedAt,
          note: 'initial settings',
        },
      ]);
    },
    owners: (owners) =>
      bulk.insert(
        'owners',
        owners.map((o) => toOwnerRow(portalId, o)),
      ),
    companies: (companies) =>
      bulk.insert(
        'companies',
        companies.map((c) => toCompanyRow(portalId, c)),
      ),
    async contacts(contacts, links) {
      await bulk.insert(
        'contacts',
        contacts.map((c) => toContactRow(portalId, c, phoneRegion)),
      );
      await bulk.insert(
        'contact_companies',
        links.map((l) => ({
          portal_id: portalId,
          contact_id: l.contactId,
          company_id: l.companyId,
          is_primary: flag(l.primary),
        })),
      );
    },
    async touches(touches) {
      await bulk.insert(
        'touches',
        touches.map((t) => toTouchRow(portalId, t.touch, t.contactIds, t.companyIds)),
      );
      await bulk.insert(
        'touch_contacts',
        touches.flatMap((t) => t.contactIds.map((id) => toTouchContactRow(portalId, t.touch, id))),
      );
      await bulk.insert(
        'touch_companies',
        touches.flatMap((t) =>
          t.companyIds.map((company_id) => ({
            portal_id: portalId,
            company_id,
            touch_id: t.touch.touchId,
          })),
        ),
      );
    },
    async deals(deals) {
      await bulk.insert(
        'deals',
        deals.map((d) => toDealRow(portalId, d.deal)),
      );
      await bulk.insert(
        'deal_contacts',
        deals.flatMap((d) =>
          d.contactIds.map((contact_id) => ({
            portal_id: portalId,
            deal_id: d.deal.dealId,
            contact_id,
          })),
        ),
      );
      await bulk.insert(
        'deal_companies',
        deals.flatMap((d) =>
          d.companyIds.map((company_id) => ({
            portal_id: portalId,
            deal_id: d.deal.dealId,
            company_id,
          })),
        ),
      );
    },
    async team(team, list) {
      await bulk.insert('networking_teams', [toTeamRow(portalId, team)]);
      await bulk.insert('team_targets', targets('team_id', team.teamId, list));
    },
    async role(role, list) {
      await bulk.insert('networking_roles', [toRoleRow(portalId, role)]);
      await bulk.insert('role_targets', targets('role_id', role.roleId, list));
    },
    async activity(activity, list) {
      await bulk.insert('networking_activities', [toActivityRow(portalId, activity)]);
      await bulk.insert('activity_attendees', targets('activity_id', activity.activityId, list));
    },
  };
}
