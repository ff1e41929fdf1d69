import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { StoreError } from '../shared/errors.js';
import { createSqliteBulkLoader } from './bulk/sqlite-bulk-loader.js';
import { companyLinksInRangeQuery, contactPageQuery } from './repositories/contact-rows.js';
import { startSqliteCheckpointer } from './sqlite-checkpointer.js';
import { sqliteRawPages } from './sqlite-raw-pages.js';
import { startSqliteReadWorker } from './sqlite-read-worker.js';
import { workerTouchReads } from './sqlite-touch-reads.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { createSqliteInboxAppend } from './sqlite-inbox-append.js';
import {
  createRepositories,
  transactionRepositories,
  type OpenedStore,
  type Store,
} from './store.js';
import type { Tables } from './tables.js';

export interface SqliteOptions {
  file: string;
  synchronous: 'NORMAL' | 'FULL';
}

/**
 * The embedded store: one file, WAL, one writer. NORMAL synchronous keeps every committed
 * transaction across a process crash (only an OS crash can lose the last commits); FULL is offered
 * for operators who need power-loss durability.
 */
export function openSqlite(options: SqliteOptions): OpenedStore {
  ensureWritableFolder(path.dirname(options.file));
  let raw: Database.Database;
  try {
    raw = new Database(options.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${options.synchronous}`);
    raw.pragma('busy_timeout = 5000');
    raw.pragma('cache_size = -65536');
    raw.pragma('temp_store = MEMORY');
  } catch (error) {
    throw new StoreError(
      'sqlite_open_failed',
      `cannot open the SQLite store ${options.file}: ${(error as Error).message}`,
      {
        hint: 'move the file aside or point RAPPORT_DATA_DIR at another folder',
        cause: error,
      },
    );
  }
  const checkpointer = startSqliteCheckpointer(raw, options.file);
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(raw) }),
  });
  const bulk = createSqliteBulkLoader(raw);

  const repositories = createRepositories(db, 'sqlite');
  const appendInbox = createSqliteInboxAppend(db, raw);
  const rawPages = sqliteRawPages(db, raw);
  const readers = {
    pairs: startSqliteReadWorker(options.file),
    aside: startSqliteReadWorker(options.file),
  };
  const store: Store = {
    ...repositories,
    inbox: { ...repositories.inbox, append: appendInbox },
    contacts: {
      ...repositories.contacts,
      pagePacked: (portalId, afterId, limit) =>
        rawPages.contacts(contactPageQuery(db, portalId, afterId, limit).compile()),
      companyLinksInRange: (portalId, from, to) =>
        rawPages.links(companyLinksInRangeQuery(db, portalId, from, to).compile()),
    },
    touches: {
      ...repositories.touches,
      ...workerTouchReads(db, repositories.touches, readers),
    },
    dialect: 'sqlite',
    location: `SQLite ${options.file}`,
    // Commits never wait for the disk here (WAL with NORMAL synchronous), derived or not.
    transaction: (work) =>
      db.transaction().execute((trx) => work(transactionRepositories(trx, 'sqlite'))),
    // Holding Kysely's connection for the whole load: any other query on the shared connection
    // waits for the commit instead of running inside the load's transaction.
    bulkLoad: (work, options = {}) =>
      db.connection().execute(async () => {
        raw.exec('begin immediate');
        try {
          const result = await work(bulk);
          await bulk.flush();
          raw.exec('commit');
          // Lets SQLite refresh planner statistics where the load changed tables a lot.
          if (options.analyze !== false) raw.pragma('optimize');
          return result;
        } catch (error) {
          raw.exec('rollback');
          throw error;
        }
      }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await Promise.all([readers.pairs.stop(), readers.aside.stop()]);
      await db.destroy();
      await checkpointer.stop();
    },
  };
  return { store, db };
}

function ensureWritableFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
    const probe = path.join(folder, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    throw new StoreError(
      'data_dir_unwritable',
      `the data folder ${folder} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      {
        hint: 'set RAPPORT_DATA_DIR to a folder Rapport may write, or fix its permissions',
        cause: error,
      },
    );
  }
}
