import { returnOnRelationship, type Ror, type WonDeal } from '../domain/ror.js';
import type { Period } from '../domain/time.js';
import type { TouchType } from '../domain/types.js';
import type { Introduction } from '../store/repositories/introduction-repository.js';
import type { TouchStat } from '../store/repositories/touch-repository.js';
import type { Target } from '../store/repositories/networking-repository.js';
import { groupBy } from '../shared/group-by.js';
import type { Repositories } from '../store/store.js';
import type { PortalAnalysis } from './load-context.js';

export type RorScope =
  { kind: 'portal' } | { kind: 'team'; teamId: number } | { kind: 'owner'; ownerId: number };

export interface RorReport extends Ror {
  scope: RorScope & { name: string };
  period: Period;
  /** The networkers whose touches count (all of them for the organization). */
  networkers: number[] | null;
}

/** Everything any scope's RoR over one period needs, read once: several scopes share it. */
export interface RorData {
  period: Period;
  /**
   * Won deals with the touches on their contacts and companies up to the close, by networker: a
   * scope picks its members' touches without scanning everyone's.
   */
  deals: { deal: Omit<WonDeal, 'evidence'>; byOwner: Map<number, WonDeal['evidence'][number][]> }[];
  stats: TouchStat[];
  attendees: Map<number, Target[]>;
  introductions: Introduction[];
}

/** The networkers of a team over a period: whoever held one of its roles at any time in it. */
export function teamMembers(portal: PortalAnalysis, teamId: number, period: Period): number[] {
  const ids = portal.network.roles
    .filter(
      (r) =>
        r.teamId === teamId &&
        r.ownerId !== null &&
        (r.startsAt === null || r.startsAt < period.to) &&
        (r.endsAt === null || r.endsAt > period.from),
    )
    .map((r) => r.ownerId as number);
  return [...new Set(ids)].sort((a, b) => a - b);
}

function scopeName(portal: PortalAnalysis, scope: RorScope): string {
  if (scope.kind === 'portal') return 'the organization';
  if (scope.kind === 'team')
    return (
      portal.network.teams.find((t) => t.teamId === scope.teamId)?.name ?? `team ${scope.teamId}`
    );
  const o = portal.ctx.owners.get(scope.ownerId);
  return [o?.firstName, o?.lastName].filter(Boolean).join(' ') || `owner ${scope.ownerId}`;
}

export async function loadRorData(
  repos: Repositories,
  portalId: number,
  period: Period,
  /** The period's touch counts, when the caller has them already (a 10M-row scan saved). */
  knownStats?: TouchStat[],
): Promise<RorData> {
  const won = await repos.deals.wonIn(portalId, period);
  const contactIds = [...new Set(won.flatMap((d) => d.contactIds))];
  const companyIds = [...new Set(won.flatMap((d) => d.companyIds))];
  const [byContact, byCompany, stats, attendees, introductions] = await Promise.all([
    repos.touches.forContacts(portalId, contactIds),
    repos.touches.forCompanies(portalId, companyIds),
    knownStats ?? repos.touches.stats(portalId, period, 0),
    repos.networking.allLinks(portalId, 'activity'),
    repos.introductions.inPeriod(portalId, period),
  ]);
  const touchesOfContact = groupBy(byContact, (t) => t.contactId);
  const touchesOfCompany = groupBy(byCompany, (t) => t.companyId);
  const deals: RorData['deals'] = won.flatMap((deal) => {
    const closeDate = deal.closeDate;
    if (closeDate === null) return [];
    const seen = new Set<number>();
    const byOwner = new Map<number, WonDeal['evidence'][number][]>();
    for (const t of [
      ...deal.contactIds.flatMap((id) => touchesOfContact.get(id) ?? []),
      ...deal.companyIds.flatMap((id) => touchesOfCompany.get(id) ?? []),
    ]) {
      // Touches after the close cannot have sourced or influenced it.
      if (t.ownerId === null || t.occurredAt > closeDate || seen.has(t.touchId)) continue;
      seen.add(t.touchId);
      const list = byOwner.get(t.ownerId) ?? [];
      list.push({ touchId: t.touchId, ownerId: t.ownerId, occurredAt: t.occurredAt });
      byOwner.set(t.ownerId, list);
    }
    return [
      {
        deal: {
          dealId: deal.dealId,
          name: deal.name,
          amount: deal.amount,
          createdAt: deal.createdAt,
          closeDate,
        },
        byOwner,
      },
    ];
  });
  return { period, deals, stats, attendees, introductions };
}

/** Return-on-Relationship of one scope, from data loaded once for the period. */
export function rorFor(portal: PortalAnalysis, data: RorData, scope: RorScope): RorReport {
  const { period } = data;
  const networkers =
    scope.kind === 'portal'
      ? null
      : scope.kind === 'team'
        ? teamMembers(portal, scope.teamId, period)
        : [scope.ownerId];
  const members = networkers === null ? null : new Set(networkers);
  const inScope = (ownerId: number | null) =>
    ownerId !== null && (members === null || members.has(ownerId));

  const deals: WonDeal[] = data.deals.map(({ deal, byOwner }) => ({
    ...deal,
    evidence:
      networkers === null
        ? [...byOwner.values()].flat()
        : networkers.flatMap((id) => byOwner.get(id) ?? []),
  }));
  const touchCounts: Partial<Record<TouchType, number>> = {};
  for (const s of data.stats)
    if (inScope(s.ownerId)) touchCounts[s.type] = (touchCounts[s.type] ?? 0) + s.count;
  const activities = portal.network.activities
    .filter((a) => a.startsAt >= period.from && a.startsAt < period.to)
    .flatMap((a) => {
      if (scope.kind === 'portal') return [{ ...a, share: 1 }];
      if (scope.kind === 'team') return a.teamId === scope.teamId ? [{ ...a, share: 1 }] : [];
      // A networker carries their share of an activity they attended.
      const owners = (data.attendees.get(a.activityId) ?? []).filter(
        (t) => t.objectType === 'owner',
      );
      return owners.some((t) => t.objectId === scope.ownerId)
        ? [{ ...a, share: 1 / owners.length }]
        : [];
    });
  const introductions = data.introductions.filter((i) => inScope(i.byOwnerId));
  const ror = returnOnRelationship(
    {
      deals,
      touchCounts,
      activities: activities.map((a) => ({
        activityId: a.activityId,
        name: a.name,
        cost: a.cost,
        share: a.share,
      })),
      introductions: introductions.filter((i) => i.kind === 'introduction').length,
      referrals: introductions.filter((i) => i.kind === 'referral').length,
    },
    portal.ctx.settings.ror,
  );
  return { ...ror, scope: { ...scope, name: scopeName(portal, scope) }, period, networkers };
}

/** One scope's RoR over a period, reading what it needs. */
export async function rorReport(
  repos: Repositories,
  portal: PortalAnalysis,
  scope: RorScope,
  period: Period,
): Promise<RorReport> {
  return rorFor(portal, await loadRorData(repos, portal.ctx.portalId, period), scope);
}
