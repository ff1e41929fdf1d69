/**
 * The duplicate index's tables answer exactly what a Map of first holders answers, whatever the
 * keys (Unicode, empty, colliding hashes) and however often the tables grow.
 */
import fc from 'fast-check';
import {
  NumberFirstHolders,
  StringFirstHolders,
} from '../../../src/analytics/first-holder-tables.js';

/** The reference: a key's first holder is the first id that claimed it. */
function firstHolders<K>(claims: readonly [K, number][]): number[] {
  const map = new Map<K, number>();
  return claims.map(([key, id]) => {
    const first = map.get(key);
    if (first !== undefined) return first;
    map.set(key, id);
    return id;
  });
}

/** Claims with repeats: keys drawn from a small pool so most are claimed more than once. */
const claimsOf = <K>(key: fc.Arbitrary<K>) =>
  fc
    .tuple(fc.uniqueArray(key, { minLength: 1, maxLength: 300 }), fc.nat({ max: 3_000 }))
    .chain(([pool, n]) => fc.array(fc.constantFrom(...pool), { minLength: n, maxLength: n + 10 }))
    .map((keys) => keys.map((k, i) => [k, i + 1] as [typeof k, number]));

describe('first-holder tables', () => {
  it('answer string keys like a Map, sized for any number of keys and across growth', () => {
    fc.assert(
      fc.property(
        claimsOf(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'grapheme' }),
            fc.string({
              unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
            }),
          ),
        ),
        fc.nat({ max: 5_000 }),
        (claims, expected) => {
          const table = new StringFirstHolders(expected);
          expect(claims.map(([k, id]) => table.claim(k, id))).toEqual(firstHolders(claims));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answer integer keys up to 2^53 like a Map, sized for any number of keys and across growth', () => {
    fc.assert(
      fc.property(claimsOf(fc.maxSafeNat()), fc.nat({ max: 5_000 }), (claims, expected) => {
        const table = new NumberFirstHolders(expected);
        expect(claims.map(([k, id]) => table.claim(k, id))).toEqual(firstHolders(claims));
      }),
      { numRuns: 200 },
    );
  });

  it('keep a quarter of a million distinct keys apart, through seven doublings', () => {
    const strings = new StringFirstHolders();
    const numbers = new NumberFirstHolders();
    let wrong = 0;
    for (let id = 1; id <= 250_000; id += 1) {
      if (strings.claim(`person${id}@example.com`, id) !== id) wrong += 1;
      if (numbers.claim(14_155_550_000 + id, id) !== id) wrong += 1;
    }
    for (let id = 1; id <= 250_000; id += 7) {
      if (strings.claim(`person${id}@example.com`, 2_000_000) !== id) wrong += 1;
      if (numbers.claim(14_155_550_000 + id, 2_000_000) !== id) wrong += 1;
    }
    expect(wrong).toBe(0);
  });

  it('tell apart keys whose hashes are equal, keys equal but for their Unicode form, and lone surrogates', () => {
    // Pairs with the same 32-bit hash (found by search), so a probe meets the other key's slot.
    const keys = [
      'person99238@example.com',
      'person517802@example.com',
      'person99239@example.com',
      'person517803@example.com',
      'é',
      'e\u0301',
      '日本',
      '',
      // Not well-formed UTF-16, which UTF-8 would turn into one replacement character each.
      '\ud800',
      '\udc00',
      'a\ud800b',
      '\ufffd',
      '\ud83d\ude00',
    ];
    const table = new StringFirstHolders();
    keys.forEach((k, i) => expect(table.claim(k, i + 1)).toBe(i + 1));
    keys.forEach((k, i) => expect(table.claim(k, 99)).toBe(i + 1));
  });

  it('refuse a holder id that cannot mark a slot', () => {
    expect(() => new StringFirstHolders().claim('a', 0)).toThrow(/positive id/);
    expect(() => new NumberFirstHolders().claim(1, -1)).toThrow(/positive id/);
  });
});
