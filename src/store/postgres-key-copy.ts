import type { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';
import { BinaryCopyParser, bigintAt, copyOut, nameAt, nameBytes } from './postgres-binary-copy.js';
import { DUPLICATE_KINDS } from '../domain/contact-keys.js';
import { KeyColumnPacker, kindCode, type KeyColumns } from './repositories/key-columns.js';

/**
 * A range's stored duplicate keys read with a binary COPY into columns, the key's bytes copied
 * where they lie (`query` is the repository's own keysInRangeQuery: contact id, kind, key).
 */
export const copyKeys = (pool: Pool, query: CompiledQuery): Promise<KeyColumns> =>
  copyOut(pool, query, new KeyCopyParser());

const FIELDS = 3;
const KIND_NAMES = nameBytes(DUPLICATE_KINDS);

export class KeyCopyParser extends BinaryCopyParser<KeyColumns> {
  constructor() {
    super('key', FIELDS);
  }

  private readonly packer = new KeyColumnPacker();

  protected result(): KeyColumns {
    return this.packer.done();
  }

  protected tuple(buf: Buffer, start: number): number {
    const end = this.fieldSpans(buf, start);
    if (end < 0) return -1;
    const spans = this.spans;
    for (let f = 0; f < FIELDS; f += 1)
      if ((spans[2 * f + 1] ?? 0) < 0) throw new Error(`a key row's field ${f + 1} is NULL`);
    if (spans[1] !== 8)
      throw new Error(`a key row's contact id is ${spans[1]} bytes, not a bigint`);
    const kindAt = spans[2] ?? 0;
    const kindEnd = kindAt + (spans[3] ?? 0);
    const keyAt = spans[4] ?? 0;
    const kind =
      nameAt(KIND_NAMES, buf, kindAt, kindEnd) ?? kindCode(buf.toString('utf8', kindAt, kindEnd));
    this.packer.push(bigintAt(buf, spans[0] ?? 0), kind, buf, keyAt, keyAt + (spans[5] ?? 0));
    return end;
  }
}
