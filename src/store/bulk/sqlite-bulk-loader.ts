import type { Database, Statement } from 'better-sqlite3';
import {
  checkIdentifiers,
  withObjectRows,
  type BulkLoader,
  type BulkTable,
  type ColumnRows,
} from './bulk-loader.js';

// SQLite ≥ 3.32 allows 32,766 bound parameters per statement; 500 rows per statement keeps
// statements cacheable while amortising the per-call cost.
const MAX_PARAMS = 32_766;
const MAX_ROWS = 500;

/** Multi-row prepared INSERTs; the caller holds the transaction. */
export function createSqliteBulkLoader(db: Database): BulkLoader {
  const statements = new Map<string, Statement>();

  const prepared = (key: string, sql: () => string): Statement => {
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(sql());
      statements.set(key, statement);
    }
    return statement;
  };
  const statementFor = (
    table: string,
    columns: readonly string[],
    rows: number,
    onConflict: string,
  ): Statement =>
    prepared(`${table}|${columns.join(',')}|${rows}|${onConflict}`, () => {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      return `insert into ${table} (${columns.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}${onConflict}`;
    });

  /** Multi-row INSERTs of `rows`, each with `onConflict` appended. */
  const write = <T extends BulkTable>(table: T, rows: ColumnRows<T>, onConflict: string) => {
    if (rows.count === 0) return;
    const { columns } = rows;
    checkIdentifiers(table, columns);
    const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
    const row = new Array<unknown>(columns.length);
    for (let start = 0; start < rows.count; start += perStatement) {
      const end = Math.min(rows.count, start + perStatement);
      const params = new Array<unknown>((end - start) * columns.length);
      for (let i = start, at = 0; i < end; i += 1) {
        rows.fill(i, row);
        for (let c = 0; c < columns.length; c += 1, at += 1) params[at] = row[c] ?? null;
      }
      statementFor(table, columns, end - start, onConflict).run(params);
    }
  };
  return withObjectRows({
    async insertColumns<T extends BulkTable>(table: T, rows: ColumnRows<T>): Promise<void> {
      write(table, rows, '');
    },
    /**
     * An upsert, then a delete of the range's rows it did not write. Rewriting a row in place
     * leaves its secondary indexes alone when their columns keep their values (a relationship's
     * owner does), where a delete and an insert rewrote them: 10 pages of the 1M portal's
     * relationships took 2.7 s that way and 1.1 s this way.
     */
    async replaceRange(table, portalId, key, { from, to }, rows) {
      checkIdentifiers(table, key);
      const [first] = key;
      const conflict = ['portal_id', ...key];
      const rest = rows.columns.filter((c) => !conflict.includes(c));
      write(
        table,
        rows,
        ` on conflict (${conflict.join(',')}) do ${
          rest.length === 0
            ? 'nothing'
            : `update set ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}`
        }`,
      );
      const inRange = `from ${table} where portal_id = ? and ${first} >= ? and ${first} <= ?`;
      // Rows only disappear when their source does (a contact archived, a pair's touches gone):
      // counting the range tells whether any did, without reading its keys.
      const stored = prepared(`count|${table}|${first}`, () => `select count(*) ${inRange}`)
        .pluck()
        .get(portalId, from, to) as number;
      if (stored === rows.count) return;
      const positions = key.map((c) => rows.columns.indexOf(c));
      const fresh = new Set<string>();
      const row = new Array<unknown>(rows.columns.length);
      for (let i = 0; i < rows.count; i += 1) {
        rows.fill(i, row);
        fresh.add(positions.map((p) => String(row[p])).join('|'));
      }
      const remove = prepared(
        `delete-key|${table}|${key.join(',')}`,
        () =>
          `delete from ${table} where portal_id = ? and ${key.map((c) => `${c} = ?`).join(' and ')}`,
      );
      const keys = prepared(
        `keys|${table}|${key.join(',')}`,
        () => `select ${key.join(', ')} ${inRange}`,
      )
        .raw()
        .all(portalId, from, to) as unknown[][];
      for (const k of keys)
        if (!fresh.has(k.map((v) => String(v)).join('|'))) remove.run(portalId, ...k);
    },
    flush: async () => undefined,
  });
}
