import { typeCode } from '../domain/sorted-touches.js';
import type { TouchColumns } from '../domain/touch-columns.js';
import type { TouchType } from '../domain/types.js';
import { doubled } from './growing-columns.js';

/** A (contact, touch) pair as the contact pass reads it. */
export interface TouchPair {
  contactId: number;
  touchId: number;
  ownerId: number | null;
  type: TouchType;
  occurredAt: number;
}

/**
 * Pairs in the analysis's column layout (`TouchColumns`: four numbers and one type code each), in
 * buffers of their own, to move between threads without copying: structured-cloning hundreds of
 * thousands of small objects costs the sending and the receiving thread more than building them.
 * This is how a full run's page of pairs travels from the store to the analysis: never as objects
 * on the way.
 */
export interface PackedTouches extends TouchColumns {
  numbers: Float64Array<ArrayBuffer>;
  types: Uint8Array<ArrayBuffer>;
}

export function packTouches(pairs: readonly TouchPair[]): PackedTouches {
  const packer = new TouchPacker(pairs.length);
  for (const p of pairs)
    packer.push(
      p.contactId,
      p.touchId,
      p.ownerId ?? Number.NaN,
      p.occurredAt,
      typeCode(p.type, p.touchId),
    );
  return packer.done();
}

/** Packs pairs one at a time when their number is not known in advance (a streamed read). */
export class TouchPacker {
  private numbers: Float64Array<ArrayBuffer>;
  private types: Uint8Array<ArrayBuffer>;
  private length = 0;

  constructor(capacity = 1 << 14) {
    this.numbers = new Float64Array(Math.max(1, capacity) * 4);
    this.types = new Uint8Array(Math.max(1, capacity));
  }

  /** `ownerId` NaN when the touch has no networker. */
  push(
    contactId: number,
    touchId: number,
    ownerId: number,
    occurredAt: number,
    code: number,
  ): void {
    if (this.length === this.types.length) this.grow();
    const at = 4 * this.length;
    this.numbers[at] = contactId;
    this.numbers[at + 1] = touchId;
    this.numbers[at + 2] = ownerId;
    this.numbers[at + 3] = occurredAt;
    this.types[this.length] = code;
    this.length += 1;
  }

  done(): PackedTouches {
    return {
      numbers: this.numbers.slice(0, 4 * this.length),
      types: this.types.slice(0, this.length),
    };
  }

  private grow(): void {
    this.numbers = doubled(this.numbers);
    this.types = doubled(this.types);
  }
}
