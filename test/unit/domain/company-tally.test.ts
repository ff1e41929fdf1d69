/** A company's tally resumed from its stored insight, with one contact's part swapped (fast-check). */
import fc from 'fast-check';
import {
  CompanyTally,
  type CompanyContact,
  type CompanyInsight,
} from '../../../src/domain/company-insight.js';

/** Few owners and few distinct scores, so ties in strength and in owner are common. */
const partArb = (contactId: number): fc.Arbitrary<CompanyContact> =>
  fc
    .record({
      contactId: fc.constant(contactId),
      threads: fc.integer({ min: 0, max: 3 }),
      maxScore: fc.constantFrom(0, 12.5, 40, 40, 71.25, 100),
      strongestActiveOwnerId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      strongOwnerIds: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
    })
    .map((c) => ({ ...c, strongOwnerIds: [...c.strongOwnerIds].sort((a, b) => a - b) }));

const companyArb = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => partArb(100 + i))).map((parts) => parts),
  );

const tallyOf = (parts: readonly CompanyContact[]): CompanyInsight => {
  const tally = new CompanyTally(7);
  for (const part of parts) tally.addContact(part);
  return tally.result();
};

describe('company tally', () => {
  it('gives the same insight whatever order its contacts come in', () => {
    fc.assert(
      fc.property(companyArb, (parts) => {
        expect(tallyOf([...parts].reverse())).toEqual(tallyOf(parts));
      }),
    );
  });

  it('swapped from its stored insight, equals a recount, or says it cannot', () => {
    fc.assert(
      fc.property(
        companyArb,
        fc.nat(),
        fc.option(partArb(0), { nil: undefined }),
        (parts, pick, freshPart) => {
          const old = parts[pick % parts.length]!;
          const fresh = freshPart && { ...freshPart, contactId: old.contactId };
          const stored = tallyOf(parts);
          const resumed = CompanyTally.resume(stored);
          const others = parts.filter((p) => p !== old);
          const recount = tallyOf(fresh ? [...others, fresh] : others);
          if (resumed.replaceContact(old, fresh)) {
            expect(resumed.result()).toEqual(recount);
          } else {
            // Only when the strongest contact left or got weaker: lower, or as strong with a later owner.
            expect(stored.strongestContactId).toBe(old.contactId);
            const asStrong =
              fresh?.strongestActiveOwnerId != null &&
              (fresh.maxScore > old.maxScore ||
                (fresh.maxScore === old.maxScore &&
                  fresh.strongestActiveOwnerId <= old.strongestActiveOwnerId!));
            expect(asStrong).toBe(false);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('counts a contact joining, with no old part', () => {
    fc.assert(
      fc.property(companyArb, partArb(999), (parts, joining) => {
        const resumed = CompanyTally.resume(tallyOf(parts));
        expect(resumed.replaceContact(undefined, joining)).toBe(true);
        expect(resumed.result()).toEqual(tallyOf([...parts, joining]));
      }),
    );
  });
});
