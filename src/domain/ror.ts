import type { Settings } from './settings.js';
import type { EpochMs, TouchType } from './types.js';
import { TOUCH_TYPES } from './types.js';

export type Attribution = 'sourced' | 'influenced';

/** A closed-won deal in the period, with the touches by the scope's networkers on its contacts and companies. */
export interface WonDeal {
  dealId: number;
  name: string | null;
  amount: number | null;
  createdAt: EpochMs;
  closeDate: EpochMs;
  evidence: readonly { touchId: number; ownerId: number | null; occurredAt: EpochMs }[];
}

export interface DealLine {
  dealId: number;
  name: string | null;
  amount: number;
  attribution: Attribution | null;
  weight: number;
  value: number;
  /** The touches that earned the attribution (before creation for sourced, during the deal for influenced). */
  touchIds: number[];
}

export interface RorInput {
  deals: readonly WonDeal[];
  touchCounts: Partial<Record<TouchType, number>>;
  activities: readonly { activityId: number; name: string; cost: number | null; share: number }[];
  introductions: number;
  referrals: number;
}

export interface Ror {
  return: {
    sourced: number;
    influenced: number;
    introductions: number;
    referrals: number;
    total: number;
  };
  investment: {
    touches: { type: TouchType; count: number; unitCost: number; cost: number }[];
    touchCost: number;
    activities: { activityId: number; name: string; cost: number }[];
    activityCost: number;
    total: number;
  };
  /** Return ÷ investment; null when nothing was invested. */
  ror: number | null;
  deals: DealLine[];
}

const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * Sourced when a networker in scope touched the deal's people before the deal was created; else
 * influenced when they touched them while it was open; else the deal is not the network's.
 */
export function attributeDeal(deal: WonDeal, weights: Settings['ror']): DealLine {
  const before = deal.evidence.filter((e) => e.occurredAt < deal.createdAt);
  const during = deal.evidence.filter(
    (e) => e.occurredAt >= deal.createdAt && e.occurredAt <= deal.closeDate,
  );
  const attribution: Attribution | null =
    before.length > 0 ? 'sourced' : during.length > 0 ? 'influenced' : null;
  const weight =
    attribution === 'sourced'
      ? weights.sourcedWeight
      : attribution === 'influenced'
        ? weights.influencedWeight
        : 0;
  const amount = deal.amount ?? 0;
  return {
    dealId: deal.dealId,
    name: deal.name,
    amount,
    attribution,
    weight,
    value: cents(amount * weight),
    touchIds: (attribution === 'sourced' ? before : during)
      .map((e) => e.touchId)
      .sort((a, b) => a - b),
  };
}

/** RoR = Return / Investment, with every component kept so any figure can be expanded. */
export function returnOnRelationship(input: RorInput, weights: Settings['ror']): Ror {
  const deals = input.deals
    .map((d) => attributeDeal(d, weights))
    .sort((a, b) => a.dealId - b.dealId);
  const sourced = cents(
    deals.filter((d) => d.attribution === 'sourced').reduce((s, d) => s + d.value, 0),
  );
  const influenced = cents(
    deals.filter((d) => d.attribution === 'influenced').reduce((s, d) => s + d.value, 0),
  );
  const introductions = cents(input.introductions * weights.valuePerIntroduction);
  const referrals = cents(input.referrals * weights.valuePerReferral);
  const touches = TOUCH_TYPES.map((type) => {
    const count = input.touchCounts[type] ?? 0;
    const unitCost = weights.costPerTouch[type];
    return { type, count, unitCost, cost: cents(count * unitCost) };
  });
  const touchCost = cents(touches.reduce((s, t) => s + t.cost, 0));
  const activities = input.activities.map((a) => ({
    activityId: a.activityId,
    name: a.name,
    cost: cents((a.cost ?? 0) * a.share),
  }));
  const activityCost = cents(activities.reduce((s, a) => s + a.cost, 0));
  const returnTotal = cents(sourced + influenced + introductions + referrals);
  const investment = cents(touchCost + activityCost);
  return {
    return: { sourced, influenced, introductions, referrals, total: returnTotal },
    investment: { touches, touchCost, activities, activityCost, total: investment },
    ror: investment > 0 ? Math.round((returnTotal / investment) * 100) / 100 : null,
    deals,
  };
}
