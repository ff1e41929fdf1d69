import { returnOnRelationship, type Ror, type WonDeal } from '../domain/ror.js';
import type { Period } from '../domain/time.js';
import type { TouchType } from '../domain/types.js';
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

/**
 * Return-on-Relationship of a scope over a period, with its deals, touches, activities and
 * introductions: everything `returnOnRelationship` needs, read from the mirror.
 */
export async function rorReport(
  repos: Repositories,
  portal: PortalAnalysis,
  scope: RorScope,
  period: Period,
): Promise<RorReport> {
  const portalId = portal.ctx.portalId;
  const networkers =
    scope.kind === 'portal'
      ? null
      : scope.kind === 'team'
        ? teamMembers(portal, scope.teamId, period)
        : [scope.ownerId];
  const inScope = (ownerId: number | null) =>
    ownerId !== null && (networkers === null || networkers.includes(ownerId));

  const deals: WonDeal[] = [];
  for (const deal of await repos.deals.wonIn(portalId, period)) {
    if (deal.closeDate === null) continue;
    const touches = [
      ...(await repos.touches.forContacts(portalId, deal.contactIds)),
      ...(
        await Promise.all(deal.companyIds.map((id) => repos.touches.forCompany(portalId, id)))
      ).flat(),
    ];
    const evidence = new Map<number, WonDeal['evidence'][number]>();
    for (const t of touches)
      if (inScope(t.ownerId))
        evidence.set(t.touchId, {
          touchId: t.touchId,
          ownerId: t.ownerId,
          occurredAt: t.occurredAt,
        });
    deals.push({
      dealId: deal.dealId,
      name: deal.name,
      amount: deal.amount,
      createdAt: deal.createdAt,
      closeDate: deal.closeDate,
      evidence: [...evidence.values()],
    });
  }

  const touchCounts: Partial<Record<TouchType, number>> = {};
  for (const s of await repos.touches.stats(portalId, period, 0))
    if (inScope(s.ownerId)) touchCounts[s.type] = (touchCounts[s.type] ?? 0) + s.count;

  const attendees = await repos.networking.allLinks(portalId, 'activity');
  const activities = portal.network.activities
    .filter((a) => a.startsAt >= period.from && a.startsAt < period.to)
    .flatMap((a) => {
      if (scope.kind === 'portal') return [{ ...a, share: 1 }];
      if (scope.kind === 'team') return a.teamId === scope.teamId ? [{ ...a, share: 1 }] : [];
      // A networker carries their share of an activity they attended.
      const owners = (attendees.get(a.activityId) ?? []).filter((t) => t.objectType === 'owner');
      return owners.some((t) => t.objectId === scope.ownerId)
        ? [{ ...a, share: 1 / owners.length }]
        : [];
    });

  const introductions = (await repos.introductions.inPeriod(portalId, period)).filter((i) =>
    inScope(i.byOwnerId),
  );
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
