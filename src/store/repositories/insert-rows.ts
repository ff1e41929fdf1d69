import {
  CompiledQuery,
  sql,
  type Insertable,
  type Kysely,
  type OperationNodeSource,
  type SqlBool,
} from 'kysely';
import type { Dialect } from '../dialect.js';
import type { TableName, Tables } from '../tables.js';
import { chunks, type Db } from './db.js';
import type { Write } from './upsert-rows.js';

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

/** PostgreSQL's type of each column an insert fills, in the order the columns are listed. */
export type ColumnTypes<T extends TableName> = Partial<
  Record<keyof Tables[T] & string, 'bigint' | 'text' | 'double precision'>
>;

/** Rows per statement on PostgreSQL: a bound on the size of one message, not on parameters. */
const ARRAY_ROWS = 50_000;

/**
 * The INSERTs of many new rows into `table`, of the columns `types` names. On PostgreSQL the
 * values travel as one array per column, unnested by the server: one short statement with a
 * parameter per column instead of a VALUES list with one per value. A first audit inserts 2.6M
 * duplicate keys and 467k findings; parsing and binding thousands of parameters per 1,000 rows
 * was a quarter of what the keys cost (the rest is their index: migration 0007). On SQLite a
 * VALUES list per chunk under its parameter limit.
 */
export function insertWrites<T extends TableName>(
  db: Db,
  dialect: Dialect,
  table: T,
  types: ColumnTypes<T>,
  rows: readonly Insertable<Tables[T]>[],
  /**
   * Skip a row whose key is already stored instead of refusing the statement (on PostgreSQL a
   * speculative insert per row: 158,000 keys took 1.39–1.73 s, against 0.92–1.24 s plain).
   */
  options: { skipStored?: boolean } = {},
): Write[] {
  if (rows.length === 0) return [];
  const loose = db as unknown as LooseDb;
  const columns = Object.keys(types) as (keyof Tables[T] & string)[];
  const records = rows as readonly Record<string, unknown>[];
  if (dialect === 'sqlite')
    return chunks(records, Math.floor(SQLITE_VALUES / columns.length)).map((chunk) =>
      sqliteInsert(db, table, columns, chunk, options.skipStored === true),
    );
  return chunks(records, ARRAY_ROWS).map((chunk) => {
    const arrays = columns.map(
      (c) => sql`${arrayLiteral(chunk, c)}::${sql.raw(types[c] as string)}[]`,
    );
    const insert = loose
      .insertInto(table as string)
      .columns(columns)
      .expression(sql`select * from unnest(${sql.join(arrays)})`);
    return options.skipStored ? insert.onConflict((oc) => oc.doNothing()) : insert;
  });
}

/** Values per statement on SQLite, under its parameter limit. */
const SQLITE_VALUES = 4_000;
/** The text of a full chunk's INSERT, per table, columns and conflict clause. */
const sqliteTexts = new Map<string, string>();

/**
 * One SQLite INSERT of `rows`' `columns`, its text made once per shape and its values bound in
 * place: Kysely parsed each of a first audit's 2.6M keys and 467k findings into query nodes and
 * compiled them back into the same text, chunk after chunk (about 5 s of its main thread at 1M).
 */
function sqliteInsert(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  skipStored: boolean,
): Write & OperationNodeSource {
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`;
  const tail = skipStored ? ' on conflict do nothing' : '';
  const shape = `${head}${rows.length}${tail}`;
  let text = sqliteTexts.get(shape);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `${head} values ${new Array<string>(rows.length).fill(row).join(', ')}${tail}`;
    // Only full chunks' texts are kept: a last, shorter chunk's length is any.
    if (rows.length * columns.length > SQLITE_VALUES - columns.length) sqliteTexts.set(shape, text);
  }
  const parameters = new Array<unknown>(rows.length * columns.length);
  let p = 0;
  for (const r of rows) for (const c of columns) parameters[p++] = r[c] ?? null;
  const compiled = CompiledQuery.raw(text, parameters);
  return {
    compile: () => compiled,
    execute: () => db.executeQuery(compiled),
    // The same statement as Kysely's own nodes, for a bundle of writes (which SQLite never runs,
    // but a statement template builds one on either dialect).
    toOperationNode: () => {
      const values = rows.map((r) => sql`(${sql.join(columns.map((c) => r[c] ?? null))})`);
      return sql`${sql.raw(head)} values ${sql.join(values)}${sql.raw(tail)}`.toOperationNode();
    },
  };
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A column of rows as PostgreSQL's array literal, each value quoted (so "NULL" stays a text) with
 * its quotes and backslashes escaped: the very text node-postgres makes of a JS array parameter,
 * made faster: it escapes each element with two regular-expression replaces and concatenates
 * (51–100 ms for a page's 52,600 keys, three columns; this 25–48 ms, the same text). A first
 * audit's 2.6M keys and 467k findings go this way. A statement template's placeholders are
 * no numbers or texts: then the values go as the array itself, for the template to bind.
 */
function arrayLiteral(rows: readonly Record<string, unknown>[], column: string): unknown {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const v = rows[i]?.[column] ?? null;
    if (v === null) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = `"${v}"`;
    else if (typeof v === 'string')
      parts[i] = `"${NEEDS_ESCAPE.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
    else return rows.map((r) => r[column] ?? null);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Ids in batches for `idIn`: on PostgreSQL 50,000 to an array parameter (findings resolved and
 * stale keys deleted: one statement where an IN list per 1,000 made dozens), on SQLite 1,000 to an
 * IN list.
 */
export const idBatches = (dialect: Dialect, ids: readonly number[]): number[][] =>
  chunks(ids, dialect === 'postgres' ? ARRAY_ROWS : 1_000);

/** `column` is one of `ids` (a batch from `idBatches`). */
export const idIn = (dialect: Dialect, column: string, ids: readonly number[]) =>
  dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${ids}::bigint[])`
    : sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`;
