/**
 * How the packers that fill columns as rows arrive (pairs, stored keys, contacts) make room: a
 * read's row count is not known until it ends, so a full column is doubled.
 */
type Column =
  | Float64Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Uint32Array<ArrayBuffer>;

/** A column twice as long, holding `column`'s values. */
export function doubled<T extends Column>(column: T): T {
  const grown = new (column.constructor as new (length: number) => T)(column.length * 2);
  grown.set(column);
  return grown;
}

/** `bytes` when `size` more fit after its first `used`; else a larger buffer holding those. */
export function withRoom(
  bytes: Buffer<ArrayBuffer>,
  used: number,
  size: number,
): Buffer<ArrayBuffer> {
  if (used + size <= bytes.length) return bytes;
  const grown = Buffer.allocUnsafe(Math.max(2 * bytes.length, used + size));
  bytes.copy(grown, 0, 0, used);
  return grown;
}
