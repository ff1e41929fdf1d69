import type { TableName, Tables } from '../tables.js';

/** Tables that bulk loading fills: those keyed by HubSpot ids rather than our own sequences. */
export type BulkTable = Exclude<
  TableName,
  'findings' | 'webhook_inbox' | 'outbox' | 'dead_letters'
>;
export type BulkRow<T extends BulkTable> = Tables[T];

/**
 * Fast appends into empty or disjoint key ranges (seeding, backfill pages, imports).
 * Rows must not already exist: this is a load path, not an upsert path.
 */
export interface BulkLoader {
  /** May return before the rows reach the database (see `flush`); errors surface there at the latest. */
  insert<T extends BulkTable>(table: T, rows: readonly BulkRow<T>[]): Promise<void>;
  /** Deletes a portal's rows whose `column` lies in [from, to]: a page of derived rows about to be rewritten. */
  deleteRange<T extends BulkTable>(
    table: T,
    portalId: number,
    column: keyof Tables[T] & string,
    from: number,
    to: number,
  ): Promise<void>;
  /** Waits until every row handed to `insert` is written. The store calls it before committing. */
  flush(): Promise<void>;
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** Table and column names come from code, never from input; this keeps it that way. */
export function columnsOf(table: string, row: object): string[] {
  const columns = Object.keys(row);
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name))
      throw new Error(`refusing to bulk-load identifier ${JSON.stringify(name)}`);
  }
  return columns;
}
