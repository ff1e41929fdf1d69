import type { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';
import copyStreams from 'pg-copy-streams';
import { typeCode } from '../domain/sorted-touches.js';
import { TOUCH_TYPES } from '../domain/types.js';
import { TouchPacker, type PackedTouches } from './packed-touches.js';

/**
 * A page of (contact, touch) pairs read with COPY … TO STDOUT in binary format and packed as the
 * bytes arrive. Through the row protocol, node-postgres built a string per field and an object
 * per row for every pair (parsing was a fifth of a full run's main thread at 300k); here an id is
 * two 32-bit reads. `query` is the repository's own (contactRangeQuery), so both paths return the
 * same pairs; COPY takes no bind parameters, so its integer parameters are written in.
 */
export async function copyPairs(pool: Pool, query: CompiledQuery): Promise<PackedTouches> {
  const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.parameters[Number(n) - 1];
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new Error(`a pair read's parameter $${n} is not an integer`);
    return String(value);
  });
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const parser = new PairCopyParser();
    const stream = client.query(copyStreams.to(`copy (${text}) to stdout (format binary)`));
    for await (const chunk of stream as AsyncIterable<Buffer>) parser.write(chunk);
    return parser.end();
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A connection left mid-COPY cannot be reused.
    client.release(failure);
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;
const FIELDS = 5;
const TYPE_FIELD = 3;

/** PostgreSQL's binary COPY format (five fields: three bigint ids, a text type, a bigint time). */
export class PairCopyParser {
  private readonly packer = new TouchPacker();
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private finished = false;
  /** The row's four numbers (contact, touch, owner, time), reused from row to row. */
  private readonly row = new Float64Array(4);

  write(chunk: Buffer): void {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    if (!this.headerRead) {
      if (buf.length < HEADER) {
        this.pending = buf;
        return;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE))
        throw new Error('the pair read did not answer in binary COPY format');
      pos = HEADER + buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < pos) {
        this.pending = buf;
        return;
      }
      this.headerRead = true;
    }
    for (;;) {
      const end = this.tuple(buf, pos);
      if (end < 0) break;
      pos = end;
    }
    this.pending = buf.subarray(pos);
  }

  end(): PackedTouches {
    if (!this.finished) throw new Error('the pair read ended before its last row');
    return this.packer.done();
  }

  /** Reads one tuple at `pos`; its end, or -1 when the buffer holds only part of it. */
  private tuple(buf: Buffer, pos: number): number {
    if (this.finished || pos + 2 > buf.length) return -1;
    const fields = buf.readInt16BE(pos);
    if (fields === -1) {
      this.finished = true;
      return pos + 2;
    }
    if (fields !== FIELDS) throw new Error(`a pair row has ${fields} fields, not ${FIELDS}`);
    const row = this.row;
    let at = pos + 2;
    let code = -1;
    for (let f = 0, n = 0; f < FIELDS; f += 1) {
      if (at + 4 > buf.length) return -1;
      const length = buf.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row[n++] = Number.NaN;
        continue;
      }
      if (at + length > buf.length) return -1;
      // An unknown name is decoded only to be named in typeCode's error.
      if (f === TYPE_FIELD)
        code = codeAt(buf, at, length) ?? typeCode(buf.toString('utf8', at, at + length), row[1]);
      else if (length === 8) row[n++] = buf.readInt32BE(at) * 2 ** 32 + buf.readUInt32BE(at + 4);
      else throw new Error(`a pair row's field ${f + 1} is ${length} bytes, not a bigint`);
      at += length;
    }
    const touchId = row[1] ?? Number.NaN;
    // A NULL type: refused as the empty name.
    if (code < 0) code = typeCode('', touchId);
    this.packer.push(row[0] ?? NaN, touchId, row[2] ?? NaN, row[3] ?? NaN, code);
    return at;
  }
}

/**
 * Each touch type's name as bytes, by its code: a row's type is matched where it lies, with no
 * string made for it: ten million strings over a 1M-contact audit (a row parsed in 0.15 µs, not
 * 0.24, the fastest of twelve runs over a million rows each).
 */
const TYPE_NAMES = TOUCH_TYPES.map((t) => ({ code: typeCode(t), bytes: Buffer.from(t, 'utf8') }));

/** The code of the type name in `buf` at `at`, undefined when it is none of them. */
function codeAt(buf: Buffer, at: number, length: number): number | undefined {
  for (const { code, bytes } of TYPE_NAMES) {
    if (bytes.length !== length) continue;
    let i = 0;
    while (i < length && buf[at + i] === bytes[i]) i += 1;
    if (i === length) return code;
  }
  return undefined;
}
