import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreError } from '../shared/errors.js';
import { maskUrl } from '../config/load-config.js';
import { createPostgresBulkLoader } from './bulk/postgres-bulk-loader.js';
import { copyPairs } from './postgres-pair-copy.js';
import { contactRangeQuery } from './repositories/touch-reads.js';
import { createRepositories, type OpenedStore, type Repositories, type Store } from './store.js';
import type { Tables } from './tables.js';

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** A schema to work in (tests give each run its own); created when missing. */
  schema?: string;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Ids and epoch-ms times are BIGINT; every value Rapport stores is below 2^53, so they are read
 * back as JS numbers (as SQLite returns them), on this pool only, not process-wide.
 */
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text'),
} as pg.CustomTypesConfig;

export async function openPostgres(options: PostgresOptions): Promise<OpenedStore> {
  const where = maskUrl(options.url);
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new StoreError('invalid_schema', `invalid PostgreSQL schema name ${options.schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    types,
    connectionTimeoutMillis: 5_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (options.schema) await client.query(`create schema if not exists ${options.schema}`);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StoreError('postgres_unreachable', `cannot reach PostgreSQL at ${where} (${code})`, {
      hint: 'start PostgreSQL or fix DATABASE_URL; unset DATABASE_URL to use the embedded SQLite store',
      cause: error,
    });
  }

  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const repositories = createRepositories(db, 'postgres');
  const store: Store = {
    ...repositories,
    touches: {
      ...repositories.touches,
      contactRange: (portalId, from, to) =>
        copyPairs(pool, contactRangeQuery(db, portalId, from, to).compile()),
    },
    dialect: 'postgres',
    location: `PostgreSQL ${where}${options.schema ? ` (schema ${options.schema})` : ''}`,
    transaction: (work, options = {}) =>
      options.derived
        ? derivedTransaction(db, work)
        : db.transaction().execute((trx) => work(createRepositories(trx, 'postgres'))),
    async bulkLoad(work, options = {}) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const loader = createPostgresBulkLoader(client);
        const result = await work(loader);
        await loader.flush();
        await client.query('commit');
        // Fresh statistics: without them the planner takes a 10M-row table loaded seconds ago for
        // an empty one and scans instead of seeking (measured: 12× slower keyset pages).
        if (options.analyze !== false && loader.tables.size > 0)
          await client.query(`analyze ${[...loader.tables].join(', ')}`);
        return result;
      } catch (error) {
        // A COPY may still be in flight when `work` fails; rolling back ends it either way.
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
  return { store, db };
}

/**
 * A derived transaction commits asynchronously: still atomic, only the wait for the WAL's flush is
 * skipped. Its begin and that setting go as one simple-protocol round trip, a twentieth of a
 * one-touch recompute's, which Kysely's transaction (begin, then the setting) would make two.
 */
async function derivedTransaction<T>(
  db: Kysely<Tables>,
  work: (repos: Repositories) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin; set local synchronous_commit = off`.execute(conn);
    let result: T;
    try {
      result = await work(createRepositories(conn, 'postgres'));
    } catch (error) {
      // The work's error is the one to report; a connection too broken to roll back is not
      // queryable, and the pool drops it on release.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    const { rows } = await sql<{ command?: string }>`commit`.execute(conn);
    // A statement error the work swallowed leaves the transaction aborted: COMMIT then rolls back.
    if (rows[0]?.command === 'ROLLBACK')
      throw new StoreError(
        'transaction_aborted',
        'the transaction was rolled back by an earlier error',
      );
    return result;
  });
}
