/** Invariants of the metrics over random inputs (fast-check). */
import fc from 'fast-check';
import { getCountries } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { duplicateKeys, phoneE164, regionFreePhoneE164 } from '../../../src/domain/contact-keys.js';
import { phoneReadingColumns } from '../../../src/store/repositories/contact-rows.js';
import { returnOnRelationship } from '../../../src/domain/ror.js';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings.js';
import { pairStrength, strengthAt, type PairTouch } from '../../../src/domain/strength.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { TOUCH_TYPES } from '../../../src/domain/types.js';

const NOW = Date.UTC(2026, 0, 1);
const S = DEFAULT_SETTINGS.strength;
const touchArb: fc.Arbitrary<PairTouch> = fc.record({
  type: fc.constantFrom(...TOUCH_TYPES),
  occurredAt: fc.integer({ min: NOW - 1_500 * DAY_MS, max: NOW }),
});
const settingsArb = fc.record({
  halfLifeDays: fc.integer({ min: 1, max: 720 }),
  k: fc.double({ min: 0.5, max: 50, noNaN: true }),
  reciprocityCap: fc.integer({ min: 0, max: 100 }),
});

describe('strength', () => {
  it('ignores touches after asOf and the order touches come in, reason and counts included', () => {
    const future = fc.record({
      type: fc.constantFrom(...TOUCH_TYPES),
      occurredAt: fc.integer({ min: NOW + 1, max: NOW + 400 * DAY_MS }),
    });
    fc.assert(
      fc.property(
        fc.array(touchArb, { maxLength: 60 }),
        fc.array(future, { maxLength: 5 }),
        (touches, later) => {
          const alone = pairStrength(touches, NOW, S);
          expect(pairStrength([...later, ...touches].reverse(), NOW, S)).toEqual(alone);
          expect(alone.touchCount).toBe(touches.length);
        },
      ),
    );
  });

  it('counts the reason’s touches over the last 90 days exactly, and replies over the reciprocity window', () => {
    const at = (daysAgo: number, type: PairTouch['type'], ms = 0) => ({
      type,
      occurredAt: NOW - daysAgo * DAY_MS - ms,
    });
    const pair = pairStrength(
      [
        at(90, 'meeting'),
        at(90, 'meeting', 1),
        at(10, 'call'),
        at(365, 'email_in'),
        at(365, 'email_in', 1),
      ],
      NOW,
      S,
    );
    expect(pair.reason).toBe(
      '1 meeting and 1 call in the last 90 days, last one 10 days ago; 1 reply from them in 365 days',
    );
    expect(pair.inboundCount).toBe(1);
    expect(pairStrength([at(91, 'note')], NOW, S).reason).toBe(
      'no touch in the last 90 days, last one 91 days ago',
    );
  });

  it('stays within 0–100 for any touches and settings', () => {
    fc.assert(
      fc.property(fc.array(touchArb, { maxLength: 200 }), settingsArb, (touches, over) => {
        const { score } = strengthAt(touches, NOW, { ...S, ...over });
        return score >= 0 && score <= 100;
      }),
    );
  });

  it('never drops when a touch is added', () => {
    fc.assert(
      fc.property(
        fc.array(touchArb, { maxLength: 60 }),
        touchArb,
        settingsArb,
        (touches, extra, over) => {
          const s = { ...S, ...over };
          return strengthAt([...touches, extra], NOW, s).score >= strengthAt(touches, NOW, s).score;
        },
      ),
    );
  });

  it('halves a touch’s contribution at the half-life', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TOUCH_TYPES),
        fc.integer({ min: 1, max: 720 }),
        (type, halfLifeDays) => {
          const s = { ...S, halfLifeDays, k: 1e9, reciprocityCap: 100 };
          // With a huge k, S ≈ 100·Σ/k: linear in the contributions, so the ratio is the decay.
          const fresh = strengthAt([{ type, occurredAt: NOW }], NOW, s);
          const old = strengthAt([{ type, occurredAt: NOW - halfLifeDays * DAY_MS }], NOW, {
            ...s,
            k: 1e9 / 2,
          });
          return Math.abs(fresh.score - old.score) < 1e-9;
        },
      ),
    );
  });

  it('is capped without a reply in the window and not with one', () => {
    const meetings = Array.from({ length: 10 }, (_, i) => ({
      type: 'meeting' as const,
      occurredAt: NOW - i * DAY_MS,
    }));
    expect(strengthAt(meetings, NOW, S)).toEqual({ score: 60, capped: true });
    expect(
      strengthAt([...meetings, { type: 'email_in', occurredAt: NOW - 364 * DAY_MS }], NOW, S).score,
    ).toBeGreaterThan(95);
    expect(
      strengthAt([...meetings, { type: 'email_in', occurredAt: NOW - 366 * DAY_MS }], NOW, S)
        .capped,
    ).toBe(true);
  });
});

describe('duplicate keys', () => {
  const person = fc.record({
    email: fc.option(fc.emailAddress(), { nil: null }),
    firstName: fc.option(fc.constantFrom('Anna', 'ANNA', 'Ánna', 'Bob'), { nil: null }),
    lastName: fc.option(fc.constantFrom('Meyer', 'meyer ', "Me'yer"), { nil: null }),
    phone: fc.option(
      fc.constantFrom('+1 212 555 0101', '(212) 555-0101', '+44 20 7946 0123', '12-34'),
      { nil: null },
    ),
    primaryCompanyId: fc.option(fc.constantFrom(1, 2), { nil: null }),
    companyName: fc.constant(null),
  });
  const same = (a: ReturnType<typeof duplicateKeys>, b: ReturnType<typeof duplicateKeys>) =>
    (a.email !== null && a.email === b.email) ||
    (a.nameCompany !== null && a.nameCompany === b.nameCompany) ||
    (a.phone !== null && a.phone === b.phone);

  it('are symmetric: a duplicates b exactly when b duplicates a', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        const ka = duplicateKeys(a, 'US');
        const kb = duplicateKeys(b, 'US');
        return same(ka, kb) === same(kb, ka);
      }),
    );
  });

  it('read a stored phone reading exactly as the portal’s region would read the number', () => {
    // A reading made without a region must be the one any region gives; one made with a region
    // is used only while the portal keeps that region.
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789 -().'), maxLength: 18 });
    const phone = fc.oneof(
      digits.map((d) => `+${d}`),
      digits.map((d) => ` +1 ${d}`),
      digits,
      fc.constantFrom('+44 20 7946 0123', '+1 212 555 0101', '(212) 555-0101', '', '  ', '+'),
    );
    fc.assert(
      fc.property(
        phone,
        fc.constantFrom(...getCountries(), undefined),
        fc.constantFrom('US', 'GB', 'DE', 'FR', 'IN') as fc.Arbitrary<CountryCode>,
        (p, region, readWith) => {
          const stored = regionFreePhoneE164(p);
          if (stored !== undefined) expect(stored).toBe(phoneE164(p, region));
          const rest = { email: null, primaryCompanyId: null, companyName: null };
          const parsed = duplicateKeys(
            { phone: p, firstName: null, lastName: null, ...rest },
            region,
          );
          const withReading = { phone: p, phoneE164: stored, firstName: null, lastName: null };
          expect(duplicateKeys({ ...withReading, ...rest }, region)).toEqual(parsed);
          // What the mirror stores, read with the region the portal had then: the portal's region
          // now reads the same keys, whether it is still that region or not.
          const row = phoneReadingColumns(p, readWith);
          const mirrored = {
            phone: p,
            phoneE164: row.phone_read === 1 ? row.phone_e164 : undefined,
            phoneRegion: row.phone_region,
            firstName: null,
            lastName: null,
          };
          expect(duplicateKeys({ ...mirrored, ...rest }, region)).toEqual(parsed);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(regionFreePhoneE164('(212) 555-0101')).toBeUndefined();
    expect(regionFreePhoneE164(' +1 212 555 0101')).toBe('+12125550101');
    expect(regionFreePhoneE164('+1 12')).toBeNull();
    expect(regionFreePhoneE164(null)).toBeNull();
  });

  it('match across case, accents, punctuation and phone formatting', () => {
    const a = duplicateKeys(
      {
        email: ' Anna@Example.com',
        firstName: 'Ánna',
        lastName: "O'Neil",
        phone: '(212) 555-0101',
        primaryCompanyId: 1,
        companyName: null,
      },
      'US',
    );
    const b = duplicateKeys(
      {
        email: 'anna@example.com',
        firstName: 'anna',
        lastName: 'oneil',
        phone: '+1 212 555 0101',
        primaryCompanyId: 1,
        companyName: null,
      },
      'US',
    );
    expect(a).toEqual(b);
    expect(a.phone).toBe('+12125550101');
  });

  it('need a company to match on a name', () => {
    expect(
      duplicateKeys(
        {
          email: null,
          firstName: 'Anna',
          lastName: 'Meyer',
          phone: null,
          primaryCompanyId: null,
          companyName: null,
        },
        'US',
      ).nameCompany,
    ).toBeNull();
  });
});

describe('Return-on-Relationship', () => {
  const deal = fc.record({
    dealId: fc.integer({ min: 1, max: 1e6 }),
    name: fc.constant('d'),
    amount: fc.option(fc.integer({ min: 0, max: 1e7 }), { nil: null }),
    createdAt: fc.integer({ min: 0, max: 100 * DAY_MS }),
    closeDate: fc.integer({ min: 100 * DAY_MS, max: 200 * DAY_MS }),
    evidence: fc.array(
      fc.record({
        touchId: fc.nat(),
        ownerId: fc.constant(1),
        occurredAt: fc.integer({ min: 0, max: 250 * DAY_MS }),
      }),
      { maxLength: 5 },
    ),
  });
  it('sums its components into its totals', () => {
    fc.assert(
      fc.property(
        fc.array(deal, { maxLength: 20 }),
        fc.dictionary(fc.constantFrom(...TOUCH_TYPES), fc.nat({ max: 10_000 })),
        fc.array(
          fc.record({
            activityId: fc.nat(),
            name: fc.constant('a'),
            cost: fc.option(fc.nat({ max: 1e6 }), { nil: null }),
            share: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 5 },
        ),
        fc.nat({ max: 50 }),
        fc.nat({ max: 50 }),
        (deals, touchCounts, activities, introductions, referrals) => {
          const r = returnOnRelationship(
            { deals, touchCounts, activities, introductions, referrals },
            DEFAULT_SETTINGS.ror,
          );
          const near = (a: number, b: number) =>
            Math.abs(a - b) < 0.011 * (1 + deals.length + activities.length + TOUCH_TYPES.length);
          return (
            near(
              r.return.total,
              r.return.sourced + r.return.influenced + r.return.introductions + r.return.referrals,
            ) &&
            near(
              r.return.sourced + r.return.influenced,
              r.deals.reduce((s, d) => s + d.value, 0),
            ) &&
            near(
              r.investment.touchCost,
              r.investment.touches.reduce((s, t) => s + t.cost, 0),
            ) &&
            near(
              r.investment.activityCost,
              r.investment.activities.reduce((s, a) => s + a.cost, 0),
            ) &&
            near(r.investment.total, r.investment.touchCost + r.investment.activityCost)
          );
        },
      ),
    );
  });
});
