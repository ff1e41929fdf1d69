import { BinaryRowWriter, binaryEncoders } from '../../../src/store/bulk/binary-copy-rows.js';

// pg_type OIDs, from PostgreSQL's catalog (src/include/catalog/pg_type.dat).
const BOOL = 16;
const INT8 = 20;
const INT4 = 23;
const TEXT = 25;
const FLOAT8 = 701;
const JSONB = 3802;

/**
 * Reads PostgreSQL's binary COPY format as its documentation gives it: an 11-byte signature, a
 * 32-bit flags field and a header extension length; per tuple a 16-bit field count, then per field
 * a 32-bit length (-1 for NULL) and the bytes; a count of -1 ends it.
 */
function decode(data: Buffer, types: readonly number[]): unknown[][] {
  expect(data.subarray(0, 11).equals(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'))).toBe(true);
  expect(data.readInt32BE(11)).toBe(0);
  let at = 19 + data.readInt32BE(15);
  const rows: unknown[][] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    if (fields !== types.length) throw new Error(`a tuple of ${fields} fields`);
    const row: unknown[] = [];
    for (const type of types) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      const bytes = data.subarray(at, at + length);
      at += length;
      if (type === INT8) row.push(Number(bytes.readBigInt64BE()));
      else if (type === INT4) row.push(bytes.readInt32BE());
      else if (type === FLOAT8) row.push(bytes.readDoubleBE());
      else row.push(bytes.toString('utf8'));
    }
    rows.push(row);
  }
  expect(at).toBe(data.length);
  return rows;
}

function encode(types: readonly number[], rows: readonly unknown[][]): Buffer[] {
  const encoders = binaryEncoders(types);
  if (!encoders) throw new Error('no encoders');
  const chunks: Buffer[] = [];
  const writer = new BinaryRowWriter((chunk) => {
    // Copied: the stream would own the bytes; the test keeps what it was handed.
    chunks.push(Buffer.from(chunk));
    return true;
  });
  const columns = types.map((_, i) => `c${i}`);
  for (const row of rows) writer.row(encoders, columns, row);
  writer.end();
  return chunks;
}

describe('rows in binary COPY format', () => {
  const types = [INT8, INT4, FLOAT8, TEXT];

  it('writes each type as PostgreSQL reads it, NULLs included', () => {
    const rows = [
      [Number.MAX_SAFE_INTEGER, 2 ** 31 - 1, 12.27, 'no touch in the last 90 days'],
      [-1, -(2 ** 31), -0.5, 'zoë@例え.jp, tab\tand\\slash\nnew'],
      [-(2 ** 40) - 3, 0, Number.NaN, ''],
      [null, null, null, null],
    ];
    expect(decode(Buffer.concat(encode(types, rows)), types)).toEqual(rows);
  });

  it('takes numbers written as text, as text COPY would', () => {
    expect(decode(Buffer.concat(encode(types, [['42', '-7', '1.5', 9]])), types)).toEqual([
      [42, -7, 1.5, '9'],
    ]);
  });

  it('spreads many rows and a text larger than a chunk over chunks, in order', () => {
    const long = 'é'.repeat(700_000); // 1.4 MB of UTF-8
    const rows = Array.from({ length: 40_000 }, (_, i) => [i, i % 7, i / 4, `reason ${i}`]);
    rows.splice(20_000, 0, [1, 2, 3, long]);
    const chunks = encode(types, rows);
    // Before the long text, the text alone, after it.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(decode(Buffer.concat(chunks), types)).toEqual(rows);
  });

  it('refuses a value its column cannot hold, naming the column', () => {
    expect(() => encode(types, [[1.5, 1, 1, 'x']])).toThrow('column c0 takes an integer; got 1.5');
    expect(() => encode(types, [[1, 2 ** 31, 1, 'x']])).toThrow('column c1 takes an integer');
    expect(() => encode(types, [[1, 1, 'abc', 'x']])).toThrow('column c2 takes a number');
    expect(() => encode(types, [[2 ** 53, 1, 1, 'x']])).toThrow('column c0 takes an integer');
    expect(() => encode([BOOL], [['yes']])).toThrow('column c0 takes a boolean; got "yes"');
    expect(encode([BOOL], [[true], ['f'], [1]]).length).toBe(1);
  });

  it('says when the stream would rather wait', () => {
    const encoders = binaryEncoders([TEXT]) ?? [];
    const writer = new BinaryRowWriter(() => false);
    // 300,000 characters may take 900,000 bytes: one fits a 1 MB chunk, a second does not, so
    // the first is handed over.
    writer.row(encoders, ['c0'], ['x'.repeat(300_000)]);
    expect(writer.blocked).toBe(false);
    writer.row(encoders, ['c0'], ['x'.repeat(300_000)]);
    expect(writer.blocked).toBe(true);
  });

  it('leaves a table with a type it does not write to text COPY', () => {
    expect(binaryEncoders([INT8, JSONB])).toBeNull();
    expect(binaryEncoders([INT8, TEXT])).toHaveLength(2);
  });
});
