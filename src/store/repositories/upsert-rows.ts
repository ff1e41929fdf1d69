import { sql, type Compilable, type Insertable, type Kysely } from 'kysely';
import type { TableName, Tables } from '../tables.js';
import { chunks, type Db } from './db.js';

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

/** A write not yet run: run alone, or bundled with others into one statement (`runWrites`). */
export type Write = Compilable & { execute(): Promise<unknown> };

/**
 * INSERT … ON CONFLICT (keys) DO UPDATE SET every other column = excluded.column,
 * in chunks that stay under both drivers' parameter limits. The same SQL runs on SQLite and PostgreSQL.
 */
export function upsertWrites<T extends TableName>(
  db: Db,
  table: T,
  keys: readonly (keyof Tables[T] & string)[],
  rows: readonly Insertable<Tables[T]>[],
): Write[] {
  const first = rows[0];
  if (!first) return [];
  const updates = Object.keys(first).filter(
    (column) => !keys.includes(column as keyof Tables[T] & string),
  );
  const size = Math.max(1, Math.floor(8_000 / Object.keys(first).length));
  return chunks(rows, size).map((chunk) =>
    (db as unknown as LooseDb)
      .insertInto(table as string)
      .values(chunk as Record<string, unknown>[])
      .onConflict((oc) => {
        const target = oc.columns(keys as unknown as string[]);
        return updates.length === 0
          ? target.doNothing()
          : target.doUpdateSet(
              Object.fromEntries(updates.map((c) => [c, sql.ref(`excluded.${c}`)])),
            );
      }),
  );
}

export async function upsertRows<T extends TableName>(
  db: Db,
  table: T,
  keys: readonly (keyof Tables[T] & string)[],
  rows: readonly Insertable<Tables[T]>[],
): Promise<void> {
  for (const write of upsertWrites(db, table, keys, rows)) await write.execute();
}

/** What makes the rows of the records `ids` equal `rows`: the records among them with no row. */
export interface Replacement<Row> {
  gone: number[];
  rows: Row[];
}

export function replacement<T extends TableName>(
  idColumn: keyof Tables[T] & string,
  ids: readonly number[],
  rows: readonly Insertable<Tables[T]>[],
): Replacement<Insertable<Tables[T]>> {
  const kept = new Set(rows.map((r) => (r as Record<string, unknown>)[idColumn]));
  return { gone: ids.filter((id) => !kept.has(id)), rows: [...rows] };
}

/**
 * Makes the rows of the records of a `replacement` (of one portal, keyed by `idColumn`) equal its
 * rows, in place: an upsert of the rows, and a deletion of the records gone. The two touch
 * disjoint rows, so they may run as one statement (`runWrites`).
 */
export function replaceRowsWrites<T extends TableName>(
  db: Db,
  table: T,
  idColumn: keyof Tables[T] & string,
  portalId: number,
  { gone, rows }: Replacement<Insertable<Tables[T]>>,
): Write[] {
  const loose = db as unknown as LooseDb;
  return [
    ...chunks(gone, 1_000).map((ids) =>
      loose
        .deleteFrom(table as string)
        .where('portal_id', '=', portalId)
        .where(idColumn as string, 'in', ids),
    ),
    ...upsertWrites(db, table, ['portal_id' as keyof Tables[T] & string, idColumn], rows),
  ];
}
