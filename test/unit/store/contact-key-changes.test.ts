import fc from 'fast-check';
import { DUPLICATE_KINDS } from '../../../src/domain/contact-keys.js';
import type { ContactKey } from '../../../src/store/repositories/contact-key-repository.js';
import { keyChanges, packKeyColumns } from '../../../src/store/repositories/key-columns.js';

const id = (k: ContactKey) => `${k.contactId}\u0000${k.kind}\u0000${k.key}`;
const ids = (rows: readonly ContactKey[]) => rows.map(id).sort();

/** At most one key of each kind per contact, as the table's primary key and the analysis give. */
const keySet = fc
  .uniqueArray(
    fc.record({
      contactId: fc.integer({ min: 1, max: 30 }),
      kind: fc.constantFrom(...DUPLICATE_KINDS),
      key: fc.constantFrom(
        'a@x.example',
        'b@x.example',
        'ann lee|id:1',
        '+15550100',
        '',
        'zoë@例え.jp',
        'zoe@例え.jp',
      ),
    }),
    { selector: (k) => `${k.contactId}:${k.kind}`, maxLength: 60 },
  )
  .map((rows) => rows as ContactKey[]);

describe('key changes of a page', () => {
  it('remove exactly the stored keys no longer wanted and write exactly the new ones, both in any order', () => {
    fc.assert(
      fc.property(keySet, keySet, fc.boolean(), (had, want, sortHad) => {
        // The range's read gives stored keys in any order.
        const stored = packKeyColumns(
          sortHad ? [...had].sort((a, b) => a.contactId - b.contactId) : had,
        );
        const { stale, fresh } = keyChanges(stored, want);
        const wanted = new Set(want.map(id));
        const held = new Set(had.map(id));
        expect(ids(stale)).toEqual(ids(had.filter((k) => !wanted.has(id(k)))));
        expect(ids(fresh)).toEqual(ids(want.filter((k) => !held.has(id(k)))));
        // Applying the change (removal by contact and kind, then the writes) gives what is wanted.
        const removed = new Set(stale.map((k) => `${k.contactId}:${k.kind}`));
        const after = [...had.filter((k) => !removed.has(`${k.contactId}:${k.kind}`)), ...fresh];
        expect(ids(after)).toEqual(ids(want));
      }),
      { numRuns: 500 },
    );
  });

  it('write nothing when nothing changed', () => {
    const keys: ContactKey[] = [
      { contactId: 1, kind: 'email', key: 'a@x.example' },
      { contactId: 1, kind: 'phone', key: '+15550100' },
      { contactId: 3, kind: 'nameCompany', key: 'ann lee|id:1' },
    ];
    expect(keyChanges(packKeyColumns(keys), [...keys].reverse())).toEqual({ stale: [], fresh: [] });
  });
});
