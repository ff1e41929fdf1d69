import type { Database, Statement } from 'better-sqlite3';
import { columnsOf, type BulkLoader, type BulkRow, type BulkTable } from './bulk-loader.js';

// SQLite ≥ 3.32 allows 32,766 bound parameters per statement; 500 rows per statement keeps
// statements cacheable while amortising the per-call cost.
const MAX_PARAMS = 32_766;
const MAX_ROWS = 500;

/** Multi-row prepared INSERTs; the caller holds the transaction. */
export function createSqliteBulkLoader(db: Database): BulkLoader {
  const statements = new Map<string, Statement>();

  const statementFor = (table: string, columns: string[], rows: number): Statement => {
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

  return {
    async insert<T extends BulkTable>(table: T, rows: readonly BulkRow<T>[]): Promise<void> {
      const first = rows[0];
      if (!first) return;
      const columns = columnsOf(table, first);
      const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const params: unknown[] = [];
        for (const row of chunk) {
          const record = row as Record<string, unknown>;
          for (const column of columns) params.push(record[column] ?? null);
        }
        statementFor(table, columns, chunk.length).run(params);
      }
    },
    async deleteRange(table, portalId, column, from, to) {
      columnsOf(table, { [column]: 0 });
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
  };
}
