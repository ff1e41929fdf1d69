import type { TouchPair } from '../../src/store/packed-touches.js';
import { TOUCH_TYPES, type TouchType } from '../../src/domain/types.js';

/** Packed pairs back as objects, to compare reads (the analysis reads the columns themselves). */
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
