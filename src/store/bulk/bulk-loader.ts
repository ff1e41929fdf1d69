import type { TableName, Tables } from '../tables.js';

/** Tables that bulk loading fills: those keyed by HubSpot ids rather than our own sequences. */
export type BulkTable = Exclude<
  TableName,
  'findings' | 'webhook_inbox' | 'outbox' | 'dead_letters'
>;
export type BulkRow<T extends BulkTable> = Tables[T];

/**
 * New rows given column by column: `fill(i, row)` writes the values of row i into `row`, in the
 * order of `columns`. What a page analysed elsewhere arrives as (typed arrays): its rows are
 * written straight from there, with no object per row (1.6M relationships in a 1M audit).
 */
export interface ColumnRows<T extends BulkTable> {
  columns: readonly (keyof BulkRow<T> & string)[];
  count: number;
  fill(i: number, row: unknown[]): void;
}

/**
 * Fast appends into empty or disjoint key ranges (seeding, backfill pages, imports).
 * Rows must not already exist (this is a load path, not an upsert path), except in the range
 * `replaceRange` rewrites.
 */
export interface BulkLoader {
  /** May return before the rows reach the database (see `flush`); errors surface there at the latest. */
  insert<T extends BulkTable>(table: T, rows: readonly BulkRow<T>[]): Promise<void>;
  /** `insert`, of rows given as columns. */
  insertColumns<T extends BulkTable>(table: T, rows: ColumnRows<T>): Promise<void>;
  /**
   * Replaces a portal's rows whose first key column lies in [from, to] by `rows`: afterwards that
   * range holds exactly these rows (a page of derived rows rewritten). `key`: the primary key's
   * columns after portal_id; `rows` must include portal_id and every key column.
   */
  replaceRange<T extends BulkTable>(
    table: T,
    portalId: number,
    key: readonly [keyof Tables[T] & string, ...(keyof Tables[T] & string)[]],
    range: { from: number; to: number },
    rows: ColumnRows<T>,
  ): Promise<void>;
  /** Waits until every row handed to `insert` is written. The store calls it before committing. */
  flush(): Promise<void>;
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** Table and column names come from code, never from input; this keeps it that way. */
export function checkIdentifiers(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name))
      throw new Error(`refusing to bulk-load identifier ${JSON.stringify(name)}`);
  }
}

/** A loader from its column-wise core: row objects go through `insertColumns` too. */
export function withObjectRows<L extends Omit<BulkLoader, 'insert'>>(core: L): L & BulkLoader {
  return Object.assign(core, {
    insert<T extends BulkTable>(table: T, rows: readonly BulkRow<T>[]): Promise<void> {
      return core.insertColumns(table, objectRows(rows));
    },
  });
}

/** Row objects as columns: those of the first row, which every row of a load shares. */
export function objectRows<T extends BulkTable>(rows: readonly BulkRow<T>[]): ColumnRows<T> {
  const columns = Object.keys(rows[0] ?? {}) as (keyof BulkRow<T> & string)[];
  return {
    columns,
    count: rows.length,
    fill(i, row) {
      const record = rows[i] as Record<string, unknown>;
      for (let c = 0; c < columns.length; c += 1) row[c] = record[columns[c] as string];
    },
  };
}
