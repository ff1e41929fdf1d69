import { PairCopyParser } from '../../../src/store/postgres-pair-copy.js';
import { TOUCH_TYPES } from '../../../src/domain/types.js';
import { binaryCopy } from '../../helpers/binary-copy.js';
import { unpackTouches } from '../../helpers/unpack-touches.js';

const ROWS = [
  [12, 2 ** 40 + 1, 2 ** 33 + 5, 'meeting', 1_767_225_600_000],
  [12, 2 ** 40 + 2, null, 'email_in', 1_767_225_600_001],
  [9_007_199_254_740_991, 3, 4, 'event', 0],
];
const EXPECTED = [
  {
    contactId: 12,
    touchId: 2 ** 40 + 1,
    ownerId: 2 ** 33 + 5,
    type: 'meeting',
    occurredAt: 1_767_225_600_000,
  },
  {
    contactId: 12,
    touchId: 2 ** 40 + 2,
    ownerId: null,
    type: 'email_in',
    occurredAt: 1_767_225_600_001,
  },
  { contactId: 9_007_199_254_740_991, touchId: 3, ownerId: 4, type: 'event', occurredAt: 0 },
];

describe('the pair read in binary COPY format', () => {
  it('packs every row whole, in one piece or byte by byte', () => {
    const bytes = binaryCopy(ROWS, 3);
    const whole = new PairCopyParser();
    whole.write(bytes);
    expect(unpackTouches(whole.end())).toEqual(EXPECTED);

    const bytewise = new PairCopyParser();
    for (let i = 0; i < bytes.length; i += 1) bytewise.write(bytes.subarray(i, i + 1));
    expect(unpackTouches(bytewise.end())).toEqual(EXPECTED);
  });

  it('reads every touch type by its name, and names a type it does not know', () => {
    const rows = TOUCH_TYPES.map((type, i) => [7, i + 1, 3, type, 1_000 + i]);
    const parser = new PairCopyParser();
    parser.write(binaryCopy(rows));
    expect(unpackTouches(parser.end()).map((t) => t.type)).toEqual([...TOUCH_TYPES]);
    // Same lengths as known names, a known name's prefix, and a name that is not ASCII.
    for (const unknown of ['meetinG', 'calls', 'email', 'réunion'])
      expect(() => new PairCopyParser().write(binaryCopy([[1, 9, 3, unknown, 4]]))).toThrow(
        `touch 9 has an unknown type "${unknown}"`,
      );
  });

  it('grows past its first capacity', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [i, i, 1, 'call', i]);
    const parser = new PairCopyParser();
    parser.write(binaryCopy(rows));
    const packed = parser.end();
    expect(packed.types).toHaveLength(40_000);
    expect(packed.numbers[4 * 39_999]).toBe(39_999);
  });

  it('refuses what is not the pairs it asked for', () => {
    const truncated = binaryCopy(ROWS).subarray(0, 40);
    const cut = new PairCopyParser();
    cut.write(truncated);
    expect(() => cut.end()).toThrow('ended before its last row');
    expect(() => new PairCopyParser().write(Buffer.from('1\t2\t3\n'.repeat(5)))).toThrow(
      'binary COPY format',
    );
    expect(() => new PairCopyParser().write(binaryCopy([[1, 2, 3, 'fax', 4]]))).toThrow(
      'unknown type "fax"',
    );
    expect(() => new PairCopyParser().write(binaryCopy([[1, 2, 3]]))).toThrow('3 fields');
  });
});
