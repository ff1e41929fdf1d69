import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import { BinaryRowWriter, binaryEncoders } from './binary-copy-rows.js';
import {
  checkIdentifiers,
  withObjectRows,
  type BulkLoader,
  type BulkTable,
  type ColumnRows,
} from './bulk-loader.js';

const FLUSH_AT = 1 << 20;

/** Each table's column types (pg_type OIDs) by column name, read from the catalog once per store. */
export type ColumnTypeCache = Map<string, Promise<Map<string, number>>>;

function columnTypes(
  client: PoolClient,
  cache: ColumnTypeCache,
  table: string,
): Promise<Map<string, number>> {
  let types = cache.get(table);
  if (!types) {
    // The table as this connection's search_path finds it: the schema the store works in.
    types = client
      .query<{ name: string; oid: number }>(
        `select attname as name, atttypid::int as oid from pg_attribute
         where attrelid = to_regclass($1) and attnum > 0 and not attisdropped`,
        [table],
      )
      .then(({ rows }) => {
        // A table not there yet is looked up again next time.
        if (rows.length === 0) cache.delete(table);
        return new Map(rows.map((r) => [r.name, r.oid]));
      });
    types.catch(() => cache.delete(table));
    cache.set(table, types);
  }
  return types;
}

/**
 * COPY FROM STDIN on the caller's client (and so inside its transaction): in binary format when
 * every column's type is one `binary-copy-rows.ts` writes (all of Rapport's tables), in text format
 * otherwise. One COPY stays in flight while the caller prepares the next batch: PostgreSQL
 * ingests on one core while the generator or parser runs on the other, instead of taking turns.
 */
export function createPostgresBulkLoader(
  client: PoolClient,
  typeCache: ColumnTypeCache,
): BulkLoader & { tables: Set<string> } {
  let inFlight: Promise<void> = Promise.resolve();
  const tables = new Set<string>();
  const loader = withObjectRows({
    tables,
    async insertColumns<T extends BulkTable>(table: T, rows: ColumnRows<T>): Promise<void> {
      if (rows.count === 0) return;
      const { columns } = rows;
      checkIdentifiers(table, columns);
      await inFlight;
      tables.add(table);
      const types = await columnTypes(client, typeCache, table);
      const encoders = binaryEncoders(columns.map((c) => types.get(c) ?? 0));
      const stream = client.query(
        copyStreams.from(
          `copy ${table} (${columns.join(',')}) from stdin${encoders ? ' (format binary)' : ''}`,
        ),
      );
      const row = new Array<unknown>(columns.length);
      if (encoders) {
        const writer = new BinaryRowWriter((chunk) => stream.write(chunk));
        for (let i = 0; i < rows.count; i += 1) {
          rows.fill(i, row);
          writer.row(encoders, columns, row);
          if (writer.blocked) {
            await once(stream, 'drain');
            writer.blocked = false;
          }
        }
        writer.end();
        stream.end();
      } else {
        let buffer = '';
        const last = columns.length - 1;
        for (let i = 0; i < rows.count; i += 1) {
          rows.fill(i, row);
          // Appended value by value: no array and join per row.
          for (let c = 0; c <= last; c += 1)
            buffer += copyValue(row[c]) + (c === last ? '\n' : '\t');
          if (buffer.length >= FLUSH_AT) {
            if (!stream.write(buffer)) await once(stream, 'drain');
            buffer = '';
          }
        }
        stream.end(buffer);
      }
      const done = finished(stream);
      // Observed here so a failure between calls is not an unhandled rejection; still thrown by
      // the next insert or by flush.
      done.catch(() => undefined);
      inFlight = done;
    },
    /** A delete of the range, then COPY: PostgreSQL rewrites a row's index entries either way. */
    async replaceRange(table, portalId, [first, ...rest], { from, to }, rows) {
      checkIdentifiers(table, [first, ...rest]);
      await inFlight;
      await client.query(
        `delete from ${table} where portal_id = $1 and ${first} >= $2 and ${first} <= $3`,
        [portalId, from, to],
      );
      await loader.insertColumns(table, rows);
    },
    flush: () => inFlight,
  });
  return loader;
}

const SPECIAL = /[\\\t\n\r]/;

function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  // Most values have nothing to escape: one test instead of a replace with a callback.
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
  );
}
