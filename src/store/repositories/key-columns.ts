import { DUPLICATE_KINDS, type DuplicateKind } from '../../domain/contact-keys.js';
import { doubled, withRoom } from '../growing-columns.js';
import type { ContactKey } from './contact-key-repository.js';

/**
 * Stored duplicate keys as columns: each key's contact, kind (its index in
 * DUPLICATE_KINDS) and UTF-8 bytes, end to end in one buffer. A full run compares a page's fresh
 * keys with these and makes objects only for those that differ: read back as rows, a nightly
 * run's 2.6M stored keys were a sixth of what outlived the main thread's young-generation
 * collections, to write almost none.
 */
export interface KeyColumns {
  length: number;
  contactIds: Float64Array<ArrayBuffer>;
  kinds: Uint8Array<ArrayBuffer>;
  text: Buffer;
  /** Where key i's bytes end in `text`; they start where key i − 1's end. */
  ends: Uint32Array<ArrayBuffer>;
}

/** The code of a stored kind; a kind this version does not know is refused, named. */
export function kindCode(kind: string): number {
  const code = DUPLICATE_KINDS.indexOf(kind as DuplicateKind);
  if (code < 0)
    throw new Error(
      `a stored duplicate key has kind ${JSON.stringify(kind)}, which Rapport does not know`,
    );
  return code;
}

/** Packs keys one at a time, in the order they are read. */
export class KeyColumnPacker {
  private contactIds = new Float64Array(1 << 12);
  private kinds = new Uint8Array(1 << 12);
  private ends = new Uint32Array(1 << 12);
  private text = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private bytes = 0;

  /** A key whose UTF-8 is `source[start, end)`. */
  push(contactId: number, kind: number, source: Buffer, start: number, end: number): void {
    this.room(end - start);
    // Byte by byte: a key is a few dozen bytes, and a native copy per key cost more than the copy.
    const text = this.text;
    for (let from = start, to = this.bytes; from < end; from += 1, to += 1)
      text[to] = source[from] ?? 0;
    this.add(contactId, kind, end - start);
  }

  pushKey(k: ContactKey): void {
    const size = Buffer.byteLength(k.key);
    this.room(size);
    this.text.write(k.key, this.bytes, 'utf8');
    this.add(k.contactId, kindCode(k.kind), size);
  }

  done(): KeyColumns {
    const n = this.length;
    return {
      length: n,
      contactIds: this.contactIds.slice(0, n),
      kinds: this.kinds.slice(0, n),
      text: Buffer.from(this.text.subarray(0, this.bytes)),
      ends: this.ends.slice(0, n),
    };
  }

  private add(contactId: number, kind: number, size: number): void {
    const i = this.length;
    this.contactIds[i] = contactId;
    this.kinds[i] = kind;
    this.bytes += size;
    this.ends[i] = this.bytes;
    this.length += 1;
  }

  private room(size: number): void {
    if (this.length === this.kinds.length) {
      this.contactIds = doubled(this.contactIds);
      this.kinds = doubled(this.kinds);
      this.ends = doubled(this.ends);
    }
    this.text = withRoom(this.text, this.bytes, size);
  }
}

export function packKeyColumns(keys: readonly ContactKey[]): KeyColumns {
  const packer = new KeyColumnPacker();
  for (const k of keys) packer.pushKey(k);
  return packer.done();
}

const keyAt = (had: KeyColumns, i: number): ContactKey => ({
  kind: DUPLICATE_KINDS[had.kinds[i] ?? 0] as DuplicateKind,
  key: had.text.toString('utf8', i === 0 ? 0 : had.ends[i - 1], had.ends[i]),
  contactId: had.contactIds[i] ?? 0,
});

/** Whether the stored key i is `key`: its bytes compared where they lie. */
function isKey(had: KeyColumns, i: number, key: string, scratch: { buf: Buffer }): boolean {
  const from = i === 0 ? 0 : (had.ends[i - 1] ?? 0);
  const to = had.ends[i] ?? 0;
  const { text } = had;
  // ASCII (nearly every key) character by character, in JavaScript: a native call or two per key
  // cost more than the comparison.
  let c = 0;
  for (; c < key.length; c += 1) {
    const code = key.charCodeAt(c);
    if (code >= 0x80) break;
    if (from + c >= to || text[from + c] !== code) return false;
  }
  if (c === key.length) return from + c === to;
  if (scratch.buf.length < key.length * 3) scratch.buf = Buffer.allocUnsafe(key.length * 3);
  const size = scratch.buf.write(key, 'utf8');
  return to - from === size && text.compare(scratch.buf, 0, size, from, to) === 0;
}

/**
 * The stored keys' indexes in contact order (the read gives them in any order; nearly sorted on
 * PostgreSQL). A page's ids are dense, so a counting sort: sorting 50,000 indexes by comparison
 * took 6–9 ms of a page's 13.
 */
function contactOrder(had: KeyColumns): Uint32Array {
  const n = had.length;
  const ids = had.contactIds;
  const order = new Uint32Array(n);
  let [min, max, sorted] = [Infinity, -Infinity, true];
  for (let i = 0; i < n; i += 1) {
    const id = ids[i] ?? 0;
    order[i] = i;
    if (id < max) sorted = false;
    min = Math.min(min, id);
    max = Math.max(max, id);
  }
  if (sorted) return order;
  const span = max - min + 1;
  if (span > 8 * n) return order.sort((x, y) => (ids[x] ?? 0) - (ids[y] ?? 0));
  const starts = new Uint32Array(span + 1);
  for (let i = 0; i < n; i += 1) {
    const bucket = (ids[i] ?? 0) - min + 1;
    starts[bucket] = (starts[bucket] ?? 0) + 1;
  }
  for (let s = 1; s <= span; s += 1) starts[s] = (starts[s] ?? 0) + (starts[s - 1] ?? 0);
  for (let i = 0; i < n; i += 1) {
    const bucket = (ids[i] ?? 0) - min;
    const at = starts[bucket] ?? 0;
    order[at] = i;
    starts[bucket] = at + 1;
  }
  return order;
}

/**
 * What turns the stored keys `had` into `want`: the rows to remove and those to write. Both are
 * walked once in contact order, one contact's few keys (one per kind at most) compared at a
 * time, a wanted key with the stored bytes where they lie: objects are made for the
 * differences only.
 */
export function keyChanges(
  had: KeyColumns,
  want: readonly ContactKey[],
): { stale: ContactKey[]; fresh: ContactKey[] } {
  const b = want.every((k, i) => i === 0 || (want[i - 1] as ContactKey).contactId <= k.contactId)
    ? want
    : [...want].sort((x, y) => x.contactId - y.contactId);
  const order = contactOrder(had);
  const scratch = { buf: Buffer.allocUnsafe(256) };
  const contactAt = (i: number) =>
    i < order.length ? (had.contactIds[order[i] ?? 0] ?? 0) : Infinity;
  const stale: ContactKey[] = [];
  const fresh: ContactKey[] = [];
  let i = 0;
  let j = 0;
  while (i < order.length || j < b.length) {
    const contactId = Math.min(contactAt(i), b[j]?.contactId ?? Infinity);
    const [hadFrom, wantFrom] = [i, j];
    while (contactAt(i) === contactId) i += 1;
    while (b[j]?.contactId === contactId) j += 1;
    // The kinds whose stored key is still wanted, as bits (one stored key per kind and contact).
    let kept = 0;
    for (let w = wantFrom; w < j; w += 1) {
      const k = b[w] as ContactKey;
      const kind = DUPLICATE_KINDS.indexOf(k.kind);
      let held = false;
      for (let h = hadFrom; h < i && !held; h += 1) {
        const at = order[h] ?? 0;
        held = had.kinds[at] === kind && isKey(had, at, k.key, scratch);
      }
      if (held) kept |= 1 << kind;
      else fresh.push(k);
    }
    for (let h = hadFrom; h < i; h += 1) {
      const at = order[h] ?? 0;
      if ((kept & (1 << (had.kinds[at] ?? 0))) === 0) stale.push(keyAt(had, at));
    }
  }
  return { stale, fresh };
}
