import type { AnalyzedContact } from './contact-pass.js';

/** How a null travels in a Float64Array column, and back. */
export const orNaN = (n: number | null): number => (n === null ? Number.NaN : n);
export const orNull = (n: number): number | null => (Number.isNaN(n) ? null : n);

/** Each contact's count of a nested list, and every item of the page in order. */
export function flatten<T>(
  analyzed: readonly AnalyzedContact[],
  list: (a: AnalyzedContact) => readonly T[],
): { counts: Uint32Array<ArrayBuffer>; items: T[] } {
  const counts = new Uint32Array(analyzed.length);
  const items: T[] = [];
  analyzed.forEach((a, c) => {
    const own = list(a);
    counts[c] = own.length;
    for (const item of own) items.push(item);
  });
  return { counts, items };
}

/** The nested lists back, each contact's share of the items built in page order. */
export function unflatten<T>(
  counts: Uint32Array,
  build: (index: number, contact: number) => T,
): T[][] {
  const lists = new Array<T[]>(counts.length);
  let index = 0;
  counts.forEach((count, c) => {
    const own = new Array<T>(count);
    for (let k = 0; k < count; k += 1, index += 1) own[k] = build(index, c);
    lists[c] = own;
  });
  return lists;
}
