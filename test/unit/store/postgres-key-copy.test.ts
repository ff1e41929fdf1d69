import { KeyCopyParser } from '../../../src/store/postgres-key-copy.js';
import type { ContactKey } from '../../../src/store/repositories/contact-key-repository.js';
import { keyChanges, packKeyColumns } from '../../../src/store/repositories/key-columns.js';
import { binaryCopy } from '../../helpers/binary-copy.js';

const KEYS: ContactKey[] = [
  { contactId: 12, kind: 'email', key: 'ada@acme.example' },
  { contactId: 12, kind: 'nameCompany', key: 'ada lovelace|acme' },
  { contactId: 2 ** 40 + 1, kind: 'phone', key: '+15550100' },
  { contactId: 2 ** 40 + 2, kind: 'email', key: 'zoë@例え.jp' },
  { contactId: 9_007_199_254_740_991, kind: 'nameCompany', key: '' },
];
const rows = (keys: readonly ContactKey[]) => keys.map((k) => [k.contactId, k.kind, k.key]);

describe('the key read in binary COPY format', () => {
  it('packs every key as the rows read would, in one piece or byte by byte', () => {
    const bytes = binaryCopy(rows(KEYS), 2);
    const whole = new KeyCopyParser();
    whole.write(bytes);
    expect(whole.end()).toEqual(packKeyColumns(KEYS));

    const bytewise = new KeyCopyParser();
    for (let i = 0; i < bytes.length; i += 1) bytewise.write(bytes.subarray(i, i + 1));
    const read = bytewise.end();
    expect(read).toEqual(packKeyColumns(KEYS));
    // Read back unchanged, every key is still held: nothing to remove, nothing to write.
    expect(keyChanges(read, KEYS)).toEqual({ stale: [], fresh: [] });
  });

  it('grows past its first capacity, keys of any length included', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      contactId: i + 1,
      kind: 'email' as const,
      key: `${'x'.repeat(i % 97)}${i}@example.com`,
    }));
    const parser = new KeyCopyParser();
    parser.write(binaryCopy(rows(many)));
    const read = parser.end();
    expect(read.length).toBe(10_000);
    expect(keyChanges(read, many)).toEqual({ stale: [], fresh: [] });
  });

  it('refuses what is not the keys it asked for, naming what is wrong', () => {
    const cut = new KeyCopyParser();
    cut.write(binaryCopy(rows(KEYS)).subarray(0, 40));
    expect(() => cut.end()).toThrow('the key read ended before its last row');
    expect(() => new KeyCopyParser().write(binaryCopy([[1, 'fax', 'x']]))).toThrow(
      'kind "fax", which Rapport does not know',
    );
    expect(() => new KeyCopyParser().write(binaryCopy([[1, 'email', null]]))).toThrow(
      "a key row's field 3 is NULL",
    );
    expect(() => new KeyCopyParser().write(binaryCopy([['1', 'email', 'x']]))).toThrow(
      'contact id is 1 bytes, not a bigint',
    );
    expect(() => new KeyCopyParser().write(binaryCopy([[1, 'email']]))).toThrow('2 fields');
  });
});
