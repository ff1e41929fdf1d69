import type { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';
import { typeCode } from '../domain/sorted-touches.js';
import { TOUCH_TYPES } from '../domain/types.js';
import { TouchPacker, type PackedTouches } from './packed-touches.js';
import { BinaryCopyParser, bigintAt, copyOut, nameAt, nameBytes } from './postgres-binary-copy.js';

/**
 * A page of (contact, touch) pairs read with a binary COPY and packed as the bytes arrive.
 * Through the row protocol, node-postgres built a string per field and an object per row for
 * every pair (parsing was a fifth of a full run's main thread at 300k); here an id is two 32-bit
 * reads. `query` is the repository's own (contactRangeQuery), so both paths return the same pairs.
 */
export const copyPairs = (pool: Pool, query: CompiledQuery): Promise<PackedTouches> =>
  copyOut(pool, query, new PairCopyParser());

const FIELDS = 5;
const TYPE_FIELD = 3;

/** Pairs' tuples: five fields, three bigint ids, a text type, a bigint time. */
export class PairCopyParser extends BinaryCopyParser<PackedTouches> {
  constructor() {
    super('pair', FIELDS);
  }

  private readonly packer = new TouchPacker();
  /** The row's four numbers (contact, touch, owner, time), reused from row to row. */
  private readonly row = new Float64Array(4);

  protected result(): PackedTouches {
    return this.packer.done();
  }

  protected tuple(buf: Buffer, start: number): number {
    const row = this.row;
    let at = start;
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
      if (f === TYPE_FIELD) code = typeCodeAt(buf, at, at + length, row[1]);
      else if (length === 8) row[n++] = bigintAt(buf, at);
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

/** Each touch type's name as bytes, and its code, in TOUCH_TYPES order. */
const TYPE_NAMES = nameBytes(TOUCH_TYPES);
const TYPE_CODES = TOUCH_TYPES.map((t) => typeCode(t));

/** The code of the type named in `buf[at, end)`; an unknown name is decoded only to be named in typeCode's error. */
function typeCodeAt(buf: Buffer, at: number, end: number, touchId: number | undefined): number {
  const index = nameAt(TYPE_NAMES, buf, at, end);
  return index === undefined
    ? typeCode(buf.toString('utf8', at, end), touchId)
    : (TYPE_CODES[index] ?? -1);
}
