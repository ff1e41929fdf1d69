/** (contact id, company id) pairs end to end: a full run's company links for one page. */
export type PackedLinks = Float64Array<ArrayBuffer>;

/** Rows as arrays, [contact id, company id] each (as SQLite's raw mode reads them). */
export function packLinkRows(rows: readonly (readonly unknown[])[]): PackedLinks {
  const out = new Float64Array(rows.length * 2);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as readonly unknown[];
    out[2 * i] = row[0] as number;
    out[2 * i + 1] = row[1] as number;
  }
  return out;
}

export function unpackLinks(packed: Float64Array): { contactId: number; companyId: number }[] {
  const out = new Array<{ contactId: number; companyId: number }>(packed.length / 2);
  for (let i = 0; i < out.length; i += 1)
    out[i] = { contactId: packed[2 * i] ?? 0, companyId: packed[2 * i + 1] ?? 0 };
  return out;
}
