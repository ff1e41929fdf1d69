/**
 * PostgreSQL's binary COPY format as its documentation gives it: an 11-byte signature, a 32-bit
 * flags field and a header extension length; per tuple a 16-bit field count, then per field a
 * 32-bit length (-1 for NULL) and the bytes (bigint: 8 bytes, big-endian; integer, `{ int4 }`
 * here: 4 bytes; a Buffer: its bytes as they are); a count of -1 ends it.
 */
export function binaryCopy(
  rows: (number | string | Buffer | null | { int4: number })[][],
  extension = 0,
): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  parts.push(u32(0), u32(extension), Buffer.alloc(extension));
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const value of row) {
      if (value === null) parts.push(u32(-1));
      else if (typeof value === 'string')
        parts.push(u32(Buffer.byteLength(value)), Buffer.from(value));
      else if (Buffer.isBuffer(value)) parts.push(u32(value.length), value);
      else if (typeof value === 'object') parts.push(u32(4), u32(value.int4));
      else {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(BigInt(value));
        parts.push(u32(8), b);
      }
    }
  }
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1);
  parts.push(end);
  return Buffer.concat(parts);
}
