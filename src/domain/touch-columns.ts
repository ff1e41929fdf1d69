import { touchBefore, type SortedTouches } from './sorted-touches.js';

/**
 * Touches as columns, the way a full run's page of (contact, touch) pairs reaches the analysis:
 * four numbers per touch (contact, touch, networker — NaN when none — and time) and a type code
 * (its index in TOUCH_TYPES, `typeCode`), grouped by contact in contact order. A nightly run
 * reads ten million touches: as objects they cost more to make and collect than to analyse. The
 * store packs them so (`packTouches`, `TouchPacker`).
 */
export interface TouchColumns {
  numbers: Float64Array;
  types: Uint8Array;
}

export const TOUCH_STRIDE = 4;
const CONTACT = 0;
const OWNER = 2;
const AT = 3;

/** The contact of touch `i`. */
export const touchContact = (c: TouchColumns, i: number): number =>
  c.numbers[TOUCH_STRIDE * i + CONTACT] ?? Number.NaN;

/** Where each contact's touches start and end, walking contacts and touches in id order. */
export class ContactCursor {
  private at = 0;

  constructor(private readonly columns: TouchColumns) {
    for (let i = 1; i < columns.types.length; i += 1)
      if (touchContact(columns, i) < touchContact(columns, i - 1))
        throw new Error('touches must come grouped by contact, in contact id order');
  }

  /** The touches [from, to) of `contactId`; contacts must be asked for in increasing id order. */
  next(contactId: number): { from: number; to: number } {
    const n = this.columns.types.length;
    while (this.at < n && touchContact(this.columns, this.at) < contactId) this.at += 1;
    const from = this.at;
    while (this.at < n && touchContact(this.columns, this.at) === contactId) this.at += 1;
    return { from, to: this.at };
  }
}

/** Scratch reused from contact to contact and pair to pair (one analysis at a time per thread). */
let order = new Int32Array(256);
const pair: SortedTouches = { times: new Float64Array(256), codes: new Uint8Array(256), length: 0 };

/**
 * Calls `visit` for each networker among touches [from, to), in networker id order, with that
 * pair's touches sorted by time then type. `pair` is only valid during the call.
 */
export function forEachPair(
  c: TouchColumns,
  from: number,
  to: number,
  visit: (ownerId: number, pair: SortedTouches) => void,
): void {
  if (order.length < to - from) order = new Int32Array(2 * (to - from));
  let n = 0;
  for (let i = from; i < to; i += 1) if (!Number.isNaN(ownerOf(c, i))) order[n++] = i;
  sortIndices(c, order, n);

  for (let start = 0; start < n;) {
    const ownerId = ownerOf(c, order[start] ?? 0);
    let end = start;
    while (end < n && ownerOf(c, order[end] ?? 0) === ownerId) end += 1;
    if (pair.times.length < end - start) {
      pair.times = new Float64Array(2 * (end - start));
      pair.codes = new Uint8Array(2 * (end - start));
    }
    for (let k = start; k < end; k += 1) {
      const i = order[k] ?? 0;
      pair.times[k - start] = timeOf(c, i);
      pair.codes[k - start] = c.types[i] ?? 0;
    }
    pair.length = end - start;
    visit(ownerId, pair);
    start = end;
  }
}

// Module functions, not closures made per contact: a run analyses a million contacts.
const ownerOf = (c: TouchColumns, i: number): number =>
  c.numbers[TOUCH_STRIDE * i + OWNER] ?? Number.NaN;
const timeOf = (c: TouchColumns, i: number): number => c.numbers[TOUCH_STRIDE * i + AT] ?? 0;

/** Whether touch a sorts before touch b: by networker, then time, then type. */
function before(c: TouchColumns, a: number, b: number): boolean {
  const oa = ownerOf(c, a);
  const ob = ownerOf(c, b);
  return (
    oa < ob ||
    (oa === ob && touchBefore(timeOf(c, a), c.types[a] ?? 0, timeOf(c, b), c.types[b] ?? 0))
  );
}

/** Sorts the first `n` indices: insertion sort for the few touches most contacts have. */
function sortIndices(c: TouchColumns, a: Int32Array, n: number): void {
  if (n > 32) {
    const sorted = Array.from(a.subarray(0, n)).sort((x, y) =>
      before(c, x, y) ? -1 : before(c, y, x) ? 1 : 0,
    );
    a.set(sorted);
    return;
  }
  for (let i = 1; i < n; i += 1) {
    const x = a[i] ?? 0;
    let j = i - 1;
    for (; j >= 0 && before(c, x, a[j] ?? 0); j -= 1) a[j + 1] = a[j] ?? 0;
    a[j + 1] = x;
  }
}
