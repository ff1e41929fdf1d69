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

  const statementFor = (table: string, columns: readonly string[], rows: number): Statement => {
    const key = `${table}|${columns.join(',')}|${rows}`;
    let statement = statements.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      statement = db.prepare(
        `insert into ${table} (${columns.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`,
      );
      statements.set(key, statement);
    }
    return statement;
  };

  return withObjectRows({
    async insertColumns<T extends BulkTable>(table: T, rows: ColumnRows<T>): Promise<void> {
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
        statementFor(table, columns, end - start).run(params);
      }
    },
    async deleteRange(table, portalId, column, from, to) {
      checkIdentifiers(table, [column]);
      const key = `delete|${table}|${column}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(
          `delete from ${table} where portal_id = ? and ${column} >= ? and ${column} <= ?`,
        );
        statements.set(key, statement);
      }
      statement.run(portalId, from, to);
    },
    flush: async () => undefined,
  });
}
