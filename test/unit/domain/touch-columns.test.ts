/** A page's touches as columns: grouped into pairs exactly as the objects they replace would be. */
import fc from 'fast-check';
import { forEachPair, ContactCursor } from '../../../src/domain/touch-columns.js';
import { packTouches, type TouchPair } from '../../../src/store/packed-touches.js';
import { pairStrength, sortedPairStrength } from '../../../src/domain/strength.js';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { TOUCH_TYPES, type TouchType } from '../../../src/domain/types.js';

const NOW = Date.UTC(2026, 0, 1);
/** Touches as a page's columns: packed as the store packs them, grouped by contact. */
const touchColumns = (touches: readonly TouchPair[]) =>
  packTouches([...touches].sort((a, b) => a.contactId - b.contactId));
const S = DEFAULT_SETTINGS.strength;
const touchArb = fc.record({
  contactId: fc.integer({ min: 1, max: 4 }),
  touchId: fc.integer({ min: 1, max: 1_000_000 }),
  // Few owners and few instants: most pairs have several touches, many at the same time.
  ownerId: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 5 }),
  type: fc.constantFrom(...TOUCH_TYPES),
  occurredAt: fc.integer({ min: 0, max: 20 }).map((d) => NOW - d * DAY_MS),
});

describe('touch columns', () => {
  it('give each contact its pairs, owners ascending, each as pairStrength sees its touches', () => {
    fc.assert(
      fc.property(fc.array(touchArb, { maxLength: 150 }), (touches) => {
        const columns = touchColumns(touches);
        const cursor = new ContactCursor(columns);
        for (const contactId of [1, 2, 3, 4]) {
          const { from, to } = cursor.next(contactId);
          const seen: [number, ReturnType<typeof pairStrength>][] = [];
          forEachPair(columns, from, to, (ownerId, pair) =>
            seen.push([ownerId, sortedPairStrength(pair, NOW, S)]),
          );
          const mine = touches.filter((t) => t.contactId === contactId && t.ownerId !== null);
          const owners = [...new Set(mine.map((t) => t.ownerId ?? 0))].sort((a, b) => a - b);
          expect(seen).toEqual(
            owners.map((o) => [
              o,
              pairStrength(
                mine.filter((t) => t.ownerId === o),
                NOW,
                S,
              ),
            ]),
          );
        }
      }),
    );
  });

  it('sort a long pair (past the insertion sort) by time, then type name', () => {
    const types: TouchType[] = ['note', 'meeting', 'call', 'email_out', 'event', 'email_in'];
    const touches = Array.from({ length: 60 }, (_, i) => ({
      contactId: 7,
      touchId: i,
      ownerId: 5,
      type: types[i % types.length] ?? 'note',
      occurredAt: NOW - (i % 4) * DAY_MS,
    }));
    const seen: string[] = [];
    forEachPair(touchColumns(touches), 0, touches.length, (_, pair) => {
      for (let i = 0; i < pair.length; i += 1)
        seen.push(`${pair.times[i]}:${TOUCH_TYPES[pair.codes[i] ?? 0]}`);
    });
    const expected = touches
      .map((t) => `${t.occurredAt}:${t.type}`)
      .sort((a, b) => {
        const [ta = '', na = ''] = a.split(':');
        const [tb = '', nb = ''] = b.split(':');
        return Number(ta) - Number(tb) || (na < nb ? -1 : na > nb ? 1 : 0);
      });
    expect(seen).toEqual(expected);
  });

  it('refuse touches that are not grouped by contact in id order', () => {
    const at = (contactId: number) => ({
      contactId,
      touchId: contactId,
      ownerId: 1,
      type: 'call' as const,
      occurredAt: NOW,
    });
    const columns = touchColumns([at(1), at(2)]);
    columns.numbers.set([2], 0);
    columns.numbers.set([1], 4);
    expect(() => new ContactCursor(columns)).toThrow(/contact id order/);
  });
});
