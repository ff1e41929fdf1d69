import { TOUCH_TYPES, type TouchType } from './types.js';

/**
 * One pair's touches as two columns, sorted by time then type: what strength is computed from.
 * `length` counts the touches; the arrays may be longer (scratch reused from pair to pair, so a
 * nightly run over ten million touches makes no object per touch).
 */
export interface SortedTouches {
  times: Float64Array;
  /** Each touch's type as its index in TOUCH_TYPES. */
  codes: Uint8Array;
  length: number;
}

const CODES = new Map<string, number>(TOUCH_TYPES.map((t, i) => [t, i]));

/** The code a touch type is packed and compared as; an unknown type is an error, not a meeting. */
export function typeCode(type: string, touchId?: number): number {
  const code = CODES.get(type);
  if (code === undefined)
    throw new Error(
      `${touchId === undefined ? 'a touch' : `touch ${touchId}`} has an unknown type "${type}"`,
    );
  return code;
}

/**
 * Each code's rank in the type names' code-unit order: touches at one instant sort by name, so
 * every path agrees on the order whatever order the touches came in.
 */
const RANK = (() => {
  const names = [...TOUCH_TYPES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Uint8Array.from(TOUCH_TYPES, (t) => names.indexOf(t));
})();

export const typeRank = (code: number): number => RANK[code] ?? 0;

/** Whether touch a (time, code) sorts before touch b. */
export const touchBefore = (at: number, code: number, bAt: number, bCode: number): boolean =>
  at < bAt || (at === bAt && typeRank(code) < typeRank(bCode));

/** Objects as sorted columns (the object-taking functions' way into the one implementation). */
export function sortTouches(
  touches: readonly { type: TouchType; occurredAt: number }[],
): SortedTouches {
  const order = touches
    .map((t) => ({ at: t.occurredAt, code: typeCode(t.type) }))
    .sort((a, b) => a.at - b.at || typeRank(a.code) - typeRank(b.code));
  return {
    times: Float64Array.from(order, (t) => t.at),
    codes: Uint8Array.from(order, (t) => t.code),
    length: order.length,
  };
}

/** Per-code weights of a settings object, computed once per settings object. */
const weightCache = new WeakMap<Record<TouchType, number>, Float64Array>();

export function weightsByCode(weights: Record<TouchType, number>): Float64Array {
  let out = weightCache.get(weights);
  if (!out) {
    out = Float64Array.from(TOUCH_TYPES, (t) => weights[t]);
    weightCache.set(weights, out);
  }
  return out;
}
