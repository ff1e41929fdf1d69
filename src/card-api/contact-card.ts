import type { ContactAction, ContactCard, ActionResult } from '../../extensions/lib/contracts.js';
import type { PortalAnalysis } from '../analytics/load-context.js';
import type { RiskFlag } from '../store/repositories/insight-repository.js';
import type { Repositories } from '../store/store.js';
import { bestIntroducer, whoKnows } from '../domain/who-knows-whom.js';
import { cardError, type CardCaller, type CardResponse } from './card-request.js';
import { directoryOf, findingView, ownerOfUser } from './directory.js';
import { contactName } from '../domain/analyze-contact.js';

/** Long lists are cut: HubSpot's responses must stay under 1 MB, and a sidebar shows a handful. */
export const KNOWERS_PER_PAGE = 25;
const RISKS: RiskFlag[] = ['singleThreaded', 'unthreaded', 'cold', 'orphaned', 'ownerMismatch'];

export async function contactCard(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  contactId: number,
  now: number,
  page = 1,
): Promise<CardResponse> {
  const { portalId } = caller;
  // One round trip's worth of latency: the four reads go out together.
  const [contact, relationships, [insight], findings] = await Promise.all([
    repos.contacts.get(portalId, contactId),
    repos.relationships.forContacts(portalId, [contactId]),
    repos.insights.contacts(portalId, [contactId]),
    repos.findings.open(portalId, { objectType: 'contact', objectId: contactId }),
  ]);
  if (!contact)
    return cardError(
      404,
      'unknown_contact',
      `contact ${contactId} is not in Rapport's mirror of this portal`,
    );
  const dir = directoryOf(portal);
  const viewer = ownerOfUser(portal, caller.userId);
  const knowers = whoKnows(relationships, dir);
  const introducer =
    viewer === null
      ? null
      : bestIntroducer(viewer, knowers, dir, portal.ctx.settings.strength.threadThreshold);
  const teams = portal.network.teams
    .filter((t) => t.targetContacts.includes(contactId))
    .map((t) => {
      const goal = portal.ctx.settings.goals.find((g) => g.id === t.goalId);
      return {
        teamId: t.teamId,
        name: t.name,
        goal: goal ? { id: goal.id, title: goal.title } : null,
      };
    });
  const body: ContactCard = {
    contact: {
      id: contactId,
      name: contactName(contact),
      ownerId: contact.ownerId,
      ownerName: contact.ownerId === null ? null : dir.name(contact.ownerId),
      keyStakeholder: insight?.keyStakeholder ?? contact.isKeyStakeholder,
    },
    viewer: {
      ownerId: viewer,
      knows: viewer !== null && knowers.some((k) => k.ownerId === viewer),
      isOwner: viewer !== null && viewer === contact.ownerId,
    },
    knowers: knowers.slice((page - 1) * KNOWERS_PER_PAGE, page * KNOWERS_PER_PAGE),
    totalKnowers: knowers.length,
    page,
    pageSize: KNOWERS_PER_PAGE,
    teams,
    risks: insight ? RISKS.filter((r) => insight[r]) : [],
    findings: findings.filter((f) => !(f.snoozedUntil && f.snoozedUntil > now)).map(findingView),
    introducer:
      introducer && introducer.ownerId !== viewer
        ? {
            ownerId: introducer.ownerId,
            name: introducer.name,
            score: introducer.score,
            sharedTeams: introducer.sharedTeams,
          }
        : null,
    successors: knowers
      .filter((k) => k.active && k.ownerId !== contact.ownerId)
      .slice(0, 5)
      .map((k) => ({ ownerId: k.ownerId, name: k.name, score: k.score })),
  };
  return { status: 200, body };
}

/**
 * The card's actions. Changes to HubSpot (a task, a role, a property) are queued in the outbox
 * in the caller's transaction and sent by the write-back job; local effects happen at once.
 */
export async function contactAction(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  contactId: number,
  action: ContactAction,
  now: number,
): Promise<CardResponse> {
  const { portalId } = caller;
  const contact = await repos.contacts.get(portalId, contactId);
  if (!contact)
    return cardError(
      404,
      'unknown_contact',
      `contact ${contactId} is not in Rapport's mirror of this portal`,
    );
  const viewer = ownerOfUser(portal, caller.userId);
  if (viewer === null)
    return cardError(
      403,
      'not_a_networker',
      'your HubSpot user is not an owner in this portal, so Rapport cannot act for you',
    );
  const dir = directoryOf(portal);
  const name = contactName(contact);
  const done = (status: ActionResult['status'], message: string): CardResponse => ({
    status: 200,
    body: { status, message },
  });
  const queue = async (kind: string, key: string, payload: Record<string, unknown>) =>
    repos.outbox.enqueue([{ portalId, kind, dedupeKey: key, payload }], now);

  switch (action.action) {
    case 'i_know':
      await queue('create_role', `role:networker:${viewer}:${contactId}`, {
        kind: 'networker',
        ownerId: viewer,
        contactId,
      });
      return done('queued', `You will be recorded as a networker who knows ${name}.`);
    case 'request_introduction': {
      const relationships = await repos.relationships.forContacts(portalId, [contactId]);
      const introducer = bestIntroducer(
        viewer,
        whoKnows(relationships, dir),
        dir,
        portal.ctx.settings.strength.threadThreshold,
      );
      if (!introducer)
        return cardError(
          409,
          'no_introducer',
          `no active colleague knows ${name} well enough to introduce you`,
        );
      await queue('create_task', `intro:${contactId}:${viewer}`, {
        ownerId: introducer.ownerId,
        contactId,
        subject: `Introduce ${dir.name(viewer)} to ${name}`,
        body: `${dir.name(viewer)} asked Rapport for a warm introduction to ${name}.`,
      });
      return done('queued', `${introducer.name} will get a task to introduce you.`);
    }
    case 'hand_over': {
      if (contact.ownerId !== viewer)
        return cardError(
          403,
          'not_the_owner',
          'only the contact owner can hand this relationship over',
        );
      if (!dir.active(action.successorOwnerId))
        return cardError(
          400,
          'invalid_successor',
          `owner ${action.successorOwnerId} is not an active networker`,
        );
      await queue('create_task', `handover:${contactId}:${action.successorOwnerId}`, {
        ownerId: action.successorOwnerId,
        contactId,
        subject: `Take over the relationship with ${name}`,
        body: `${dir.name(viewer)} is handing over ${name}: meet them together, then become the owner.`,
      });
      return done('queued', `${dir.name(action.successorOwnerId)} will get a handover task.`);
    }
    case 'apply_fix':
    case 'mark_reviewed': {
      const finding = (
        await repos.findings.open(portalId, { objectType: 'contact', objectId: contactId })
      ).find((f) => f.id === action.findingId);
      if (!finding)
        return cardError(
          404,
          'unknown_finding',
          `finding ${action.findingId} is not open on this contact`,
        );
      if (action.action === 'mark_reviewed') {
        // Reviewed findings stay open (the audit still counts them) but leave the card for 90 days.
        await repos.findings.snooze(portalId, finding.id, now + 90 * 86_400_000);
        return done('done', 'Marked as reviewed for 90 days.');
      }
      const fix = finding.details['fix'] as
        { action?: string; property?: string; value?: unknown; description?: string } | undefined;
      if (!fix || fix.action !== 'set_property')
        return cardError(
          409,
          'no_automatic_fix',
          'this finding has no automatic fix; follow its hint instead',
        );
      await queue('set_property', `fix:${finding.fingerprint}:${String(fix.value)}`, {
        objectType: 'contact',
        objectId: contactId,
        property: fix.property,
        value: fix.value,
        findingId: finding.id,
      });
      return done('queued', `${fix.description ?? 'The fix'}: queued for HubSpot.`);
    }
  }
}
