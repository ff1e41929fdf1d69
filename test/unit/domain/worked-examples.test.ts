/**
 * The worked examples of docs/metrics.md, number for number. If a formula changes, this test and
 * the page change together.
 */
import { concentration } from '../../../src/domain/concentration.js';
import { eventLift } from '../../../src/domain/event-lift.js';
import { crmUsage } from '../../../src/domain/hygiene/crm-usage.js';
import { recordHygieneScore } from '../../../src/domain/hygiene/hygiene-score.js';
import { returnOnRelationship } from '../../../src/domain/ror.js';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings.js';
import { pairStrength, strengthAt } from '../../../src/domain/strength.js';
import { DAY_MS } from '../../../src/domain/time.js';

const NOW = Date.UTC(2026, 0, 1);
const ago = (days: number) => NOW - days * DAY_MS;
const S = DEFAULT_SETTINGS.strength;

describe('docs/metrics.md worked examples', () => {
  it('A: a meeting today, a call 90 days ago and a reply 180 days ago make 57.26, familiar and rising', () => {
    const pair = pairStrength(
      [
        { type: 'meeting', occurredAt: ago(0) },
        { type: 'call', occurredAt: ago(90) },
        { type: 'email_in', occurredAt: ago(180) },
      ],
      NOW,
      S,
    );
    expect(pair).toMatchObject({
      score: 57.26,
      grade: 'familiar',
      scoreBefore: 39.35,
      trend: 'rising',
      capped: false,
      inboundCount: 1,
    });
    expect(pair.reason).toBe(
      '1 meeting and 1 call in the last 90 days, last one today; 1 reply from them in 365 days',
    );
  });

  it('B: four meetings and no reply are held at the reciprocity cap of 60', () => {
    const pair = pairStrength(
      [0, 10, 20, 30].map((d) => ({ type: 'meeting' as const, occurredAt: ago(d) })),
      NOW,
      S,
    );
    expect(pair).toMatchObject({ score: 60, grade: 'strong', capped: true });
    expect(pair.reason).toBe(
      '4 meetings in the last 90 days, last one today; held at 60: no reply from them in 365 days',
    );
  });

  it('C: 3 and 1 strong ties give a top share of 0.75 and an HHI of 0.625', () => {
    expect(
      concentration(
        new Map([
          [1, 3],
          [2, 1],
        ]),
      ),
    ).toEqual({
      strongTies: 4,
      networkers: 2,
      topOwnerId: 1,
      topShare: 0.75,
      hhi: 0.625,
    });
  });

  it('D: a duplicate email (high) and a missing job title (low) leave a record score of 50', () => {
    expect(
      recordHygieneScore([
        { ruleId: 'contact_duplicate_email', severity: 'high' },
        { ruleId: 'contact_missing_required', severity: 'low' },
        // Risk findings do not count towards data hygiene.
        { ruleId: 'key_stakeholder_cold', severity: 'high' },
      ]),
    ).toBe(50);
  });

  it('E: 30/40 timely touches, 18/20 complete contacts and 1 duplicate make a CRM-usage score of 74.5', () => {
    const usage = crmUsage({
      touches: 40,
      loggedOnTime: 30,
      ownedContacts: 20,
      completeContacts: 18,
      duplicatesOwned: 1,
    });
    expect(usage).toMatchObject({
      timelyShare: 0.75,
      completeShare: 0.9,
      duplicateRate: 0.05,
      score: 74.5,
    });
    expect(usage.nudges).toHaveLength(2);
  });

  it('F: one sourced, one influenced and one unattributed deal, with introductions, give an RoR of 16.07', () => {
    const ror = returnOnRelationship(
      {
        deals: [
          {
            dealId: 1,
            name: 'A',
            amount: 100_000,
            createdAt: 100 * DAY_MS,
            closeDate: 160 * DAY_MS,
            evidence: [{ touchId: 11, ownerId: 1, occurredAt: 90 * DAY_MS }],
          },
          {
            dealId: 2,
            name: 'B',
            amount: 40_000,
            createdAt: 120 * DAY_MS,
            closeDate: 170 * DAY_MS,
            evidence: [{ touchId: 12, ownerId: 1, occurredAt: 130 * DAY_MS }],
          },
          {
            dealId: 3,
            name: 'C',
            amount: 10_000,
            createdAt: 120 * DAY_MS,
            closeDate: 150 * DAY_MS,
            evidence: [{ touchId: 13, ownerId: 1, occurredAt: 155 * DAY_MS }],
          },
        ],
        touchCounts: { meeting: 10, call: 20, email_out: 30, email_in: 5 },
        activities: [{ activityId: 9, name: 'Summit', cost: 5_000, share: 1 }],
        introductions: 2,
        referrals: 1,
      },
      DEFAULT_SETTINGS.ror,
    );
    expect(ror.return).toEqual({
      sourced: 100_000,
      influenced: 20_000,
      introductions: 1_000,
      referrals: 1_500,
      total: 122_500,
    });
    expect(ror.investment.touchCost).toBe(2_625);
    expect(ror.investment.total).toBe(7_625);
    expect(ror.ror).toBe(16.07);
    expect(ror.deals.map((d) => [d.dealId, d.attribution, d.value, d.touchIds])).toEqual([
      [1, 'sourced', 100_000, [11]],
      [2, 'influenced', 20_000, [12]],
      [3, null, 0, []],
    ]);
  });

  it('G: an event lifts its attendees by 30.09 points on average and makes one new tie', () => {
    const touches = [
      { type: 'email_out' as const, occurredAt: ago(100) },
      { type: 'event' as const, occurredAt: ago(40) },
      { type: 'meeting' as const, occurredAt: ago(25) },
      { type: 'email_in' as const, occurredAt: ago(20) },
    ];
    expect(strengthAt(touches, ago(40) - 1, S).score).toBe(6.11);
    expect(strengthAt(touches, ago(10), S).score).toBe(66.28);
    expect(
      eventLift(
        { startsAt: ago(40), endsAt: ago(40) },
        [1, 2],
        [{ contactId: 1, ownerId: 7, touches }],
        NOW,
        S,
      ),
    ).toEqual({ contacts: 2, lift: 30.09, newTies: 1, measuredAt: ago(10) });
  });
});
