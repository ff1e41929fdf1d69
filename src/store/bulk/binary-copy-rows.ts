/**
 * Rows in PostgreSQL's binary COPY format: an 11-byte signature, a 32-bit flags field and a header
 * extension length; per tuple a 16-bit field count, then per field a 32-bit length (-1 for NULL)
 * and the value in the column type's binary form (big-endian); a count of -1 ends it.
 *
 * Why not text: a 1M-contact audit rewrites 1.6M relationships and 1M insights a night, and text
 * COPY made a string of every value and of every row on the main thread (the largest allocator of a
 * full run, 2.7 of its 10.9 GB), which the server then parsed back into numbers.
 */

/** The type OIDs (pg_type) whose binary form this encoder writes. */
const ENCODED = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  float4: 700,
  float8: 701,
  varchar: 1043,
} as const;

type Encoder = (out: BinaryRowWriter, value: unknown, column: string) => void;

const TWO_32 = 2 ** 32;
/** What a boolean column takes, as PostgreSQL's text input would (`t`, `false`, …) and as 0/1 flags. */
const TRUTHS = new Map<unknown, number>([
  [true, 1],
  [false, 0],
  [1, 1],
  [0, 0],
  ['t', 1],
  ['f', 0],
  ['true', 1],
  ['false', 0],
]);

function integer(value: unknown, column: string, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new Error(`column ${column} takes an integer; got ${JSON.stringify(value)}`);
  return n;
}

function float(value: unknown, column: string): number {
  if (typeof value === 'number') return value;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isNaN(n) && value !== 'NaN')
    throw new Error(`column ${column} takes a number; got ${JSON.stringify(value)}`);
  return n;
}

const ENCODERS: Record<number, Encoder> = {
  [ENCODED.int8]: (out, v, c) => {
    const n = integer(v, c, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const high = Math.floor(n / TWO_32);
    out.fixed(8).writeInt32BE(high, out.at - 8);
    out.buffer.writeUInt32BE(n - high * TWO_32, out.at - 4);
  },
  [ENCODED.int4]: (out, v, c) => {
    out.fixed(4).writeInt32BE(integer(v, c, -(2 ** 31), 2 ** 31 - 1), out.at - 4);
  },
  [ENCODED.int2]: (out, v, c) => {
    out.fixed(2).writeInt16BE(integer(v, c, -(2 ** 15), 2 ** 15 - 1), out.at - 2);
  },
  [ENCODED.float8]: (out, v, c) => {
    out.fixed(8).writeDoubleBE(float(v, c), out.at - 8);
  },
  [ENCODED.float4]: (out, v, c) => {
    out.fixed(4).writeFloatBE(float(v, c), out.at - 4);
  },
  [ENCODED.bool]: (out, v, c) => {
    const truth = TRUTHS.get(v);
    if (truth === undefined)
      throw new Error(`column ${c} takes a boolean; got ${JSON.stringify(v)}`);
    out.fixed(1)[out.at - 1] = truth;
  },
  [ENCODED.text]: (out, v) => out.text(String(v)),
  [ENCODED.varchar]: (out, v) => out.text(String(v)),
};

/** The encoders for these columns' types, or null when one has a type this module does not write. */
export function binaryEncoders(types: readonly number[]): Encoder[] | null {
  const encoders = types.map((oid) => ENCODERS[oid]);
  return encoders.every((e) => e !== undefined) ? (encoders as Encoder[]) : null;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** A chunk handed to the COPY stream once this full; a larger value gets a chunk of its own. */
const CHUNK = 1 << 20;

/**
 * Writes tuples into 1 MB chunks and hands each full chunk to `emit` (the COPY stream). A value is
 * written straight into the chunk: no string or buffer per value, except a text's own bytes.
 */
export class BinaryRowWriter {
  buffer: Buffer = Buffer.allocUnsafe(CHUNK);
  at = 0;
  /** Set when the stream took a chunk over its high-water mark: the caller waits for 'drain'. */
  blocked = false;

  /** `emit` answers false when the stream would rather wait (as `Writable.write` does). */
  constructor(private readonly emit: (chunk: Buffer) => boolean) {
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.writeInt32BE(0, SIGNATURE.length); // flags: no OIDs
    this.buffer.writeInt32BE(0, SIGNATURE.length + 4); // no header extension
    this.at = SIGNATURE.length + 8;
  }

  /** One tuple: its values in the encoders' order. */
  row(encoders: readonly Encoder[], columns: readonly string[], values: readonly unknown[]): void {
    this.room(2).writeInt16BE(encoders.length, this.at);
    this.at += 2;
    for (let c = 0; c < encoders.length; c += 1) {
      const value = values[c];
      if (value === null || value === undefined) {
        this.room(4).writeInt32BE(-1, this.at);
        this.at += 4;
      } else (encoders[c] as Encoder)(this, value, columns[c] as string);
    }
  }

  /** Reserves a length and `size` bytes of a fixed-size value, writes the length; the value is the caller's. */
  fixed(size: number): Buffer {
    const buffer = this.room(4 + size);
    buffer.writeInt32BE(size, this.at);
    this.at += 4 + size;
    return buffer;
  }

  text(value: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const bound = 4 + value.length * 3;
    if (bound > CHUNK) {
      const bytes = Buffer.from(value, 'utf8');
      this.room(4).writeInt32BE(bytes.length, this.at);
      this.at += 4;
      this.flush();
      if (!this.emit(bytes)) this.blocked = true;
      return;
    }
    const buffer = this.room(bound);
    const length = buffer.write(value, this.at + 4, 'utf8');
    buffer.writeInt32BE(length, this.at);
    this.at += 4 + length;
  }

  /** Ends the data (the -1 trailer) and hands over what is left. */
  end(): void {
    this.room(2).writeInt16BE(-1, this.at);
    this.at += 2;
    this.flush();
  }

  private room(size: number): Buffer {
    if (this.at + size > this.buffer.length) {
      this.flush();
      this.buffer = Buffer.allocUnsafe(CHUNK);
    }
    return this.buffer;
  }

  private flush(): void {
    if (this.at === 0) return;
    if (!this.emit(this.buffer.subarray(0, this.at))) this.blocked = true;
    // The emitted bytes belong to the stream now: later values go to a new chunk.
    this.buffer = this.buffer.subarray(this.at);
    this.at = 0;
  }
}
