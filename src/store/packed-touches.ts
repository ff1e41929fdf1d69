import { TOUCH_TYPES, type TouchType } from '../domain/types.js';

/** A (contact, touch) pair as the contact pass reads it. */
export interface TouchPair {
  contactId: number;
  touchId: number;
  ownerId: number | null;
  type: TouchType;
  occurredAt: number;
}

/**
 * Pairs packed into two typed arrays (four numbers and one type code each), to move between
 * threads without copying: structured-cloning hundreds of thousands of small objects costs the
 * sending and the receiving thread more than building them. A null owner is NaN.
 */
export interface PackedTouches {
  numbers: Float64Array<ArrayBuffer>;
  types: Uint8Array<ArrayBuffer>;
}

const CODES = new Map<string, number>(TOUCH_TYPES.map((t, i) => [t, i]));

export function packTouches(pairs: readonly TouchPair[]): PackedTouches {
  const numbers = new Float64Array(pairs.length * 4);
  const types = new Uint8Array(pairs.length);
  pairs.forEach((p, i) => {
    numbers[4 * i] = p.contactId;
    numbers[4 * i + 1] = p.touchId;
    numbers[4 * i + 2] = p.ownerId ?? Number.NaN;
    numbers[4 * i + 3] = p.occurredAt;
    types[i] = CODES.get(p.type) ?? 0;
  });
  return { numbers, types };
}

export function unpackTouches({
  numbers,
  types,
}: {
  numbers: Float64Array;
  types: Uint8Array;
}): TouchPair[] {
  // Lengths match by construction (four numbers and one type code per pair).
  const at = (k: number) => numbers[k] ?? Number.NaN;
  const pairs = new Array<TouchPair>(types.length);
  for (let i = 0; i < types.length; i += 1) {
    const ownerId = at(4 * i + 2);
    pairs[i] = {
      contactId: at(4 * i),
      touchId: at(4 * i + 1),
      ownerId: Number.isNaN(ownerId) ? null : ownerId,
      type: TOUCH_TYPES[types[i] ?? 0] as TouchType,
      occurredAt: at(4 * i + 3),
    };
  }
  return pairs;
}
