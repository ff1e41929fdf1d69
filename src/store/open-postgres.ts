import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreError } from '../shared/errors.js';
import { maskUrl } from '../config/load-config.js';
import { createPostgresBulkLoader, type ColumnTypeCache } from './bulk/postgres-bulk-loader.js';
import { copyContacts } from './postgres-contact-copy.js';
import { copyKeys } from './postgres-key-copy.js';
import { copyPairs } from './postgres-pair-copy.js';
import { keysInRangeQuery } from './repositories/contact-key-repository.js';
import { contactPageQuery } from './repositories/contact-rows.js';
import { preparedStatementPool } from './postgres-prepared-pool.js';
import { contactRangeQuery } from './repositories/touch-reads.js';
import {
  createRepositories,
  transactionRepositories,
  type OpenedStore,
  type Store,
} from './store.js';
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
  const connect = (settings: string[], max: number, pipeline = false) => {
    const startup = [...(options.schema ? [`search_path=${options.schema}`] : []), ...settings].map(
      (setting) => `-c ${setting}`,
    );
    const pool = new pg.Pool({
      connectionString: options.url,
      max,
      types,
      connectionTimeoutMillis: 5_000,
      pipeline,
      ...(startup.length > 0 ? { options: startup.join(' ') } : {}),
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return pool;
  };
  const pool = connect([], options.poolSize);
  // The recompute's connections: commits that need not wait for the disk (a crash that loses one
  // loses the taking of its marks too, and they are redone), statements prepared once, and
  // pipelined (preparedStatementPool; nothing on this pool reads through a cursor or COPY, which
  // pipelining refuses). One batch runs at a time per process; a second connection serves a drain
  // overlapping another.
  const derivedPool = connect(['synchronous_commit=off'], 2, true);
  try {
    const client = await pool.connect();
    try {
      if (options.schema) await client.query(`create schema if not exists ${options.schema}`);
    } finally {
      client.release();
    }
  } catch (error) {
    await Promise.all([pool.end(), derivedPool.end()]).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StoreError('postgres_unreachable', `cannot reach PostgreSQL at ${where} (${code})`, {
      hint: 'start PostgreSQL or fix DATABASE_URL; unset DATABASE_URL to use the embedded SQLite store',
      cause: error,
    });
  }

  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const derivedDb = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: preparedStatementPool(derivedPool) }),
  });
  const repositories = createRepositories(db, 'postgres');
  const columnTypeCache: ColumnTypeCache = new Map();
  const store: Store = {
    ...repositories,
    contacts: {
      ...repositories.contacts,
      pagePacked: (portalId, afterId, limit) =>
        copyContacts(pool, contactPageQuery(db, portalId, afterId, limit).compile()),
    },
    touches: {
      ...repositories.touches,
      contactRange: (portalId, from, to) =>
        copyPairs(pool, contactRangeQuery(db, portalId, from, to).compile()),
    },
    contactKeys: {
      ...repositories.contactKeys,
      inRange: (portalId, range) => copyKeys(pool, keysInRangeQuery(db, portalId, range).compile()),
    },
    dialect: 'postgres',
    location: `PostgreSQL ${where}${options.schema ? ` (schema ${options.schema})` : ''}`,
    transaction: (work, options = {}) =>
      (options.derived ? derivedDb : db)
        .transaction()
        .execute((trx) => work(transactionRepositories(trx, 'postgres'))),
    async bulkLoad(work, options = {}) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const loader = createPostgresBulkLoader(client, columnTypeCache);
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
      await Promise.all([db.destroy(), derivedDb.destroy()]);
    },
  };
  return { store, db };
}
