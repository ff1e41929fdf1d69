import type { Kysely } from 'kysely';
import type { StoreConfig } from '../config/load-config.js';
import { migrateToLatest, type MigrationReport } from './migrate.js';
import { openPostgres } from './open-postgres.js';
import { openSqlite } from './open-sqlite.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** false: refuse to run against an older schema instead of upgrading it (e.g. a read-only tool). */
  migrate?: boolean;
  /** PostgreSQL schema to use instead of the default search path. */
  schema?: string;
}

/** Opens the configured store and brings its schema up to date before any query runs. */
export async function openStore(
  config: StoreConfig,
  options: OpenStoreOptions = {},
): Promise<{ store: Store; migrations: MigrationReport }> {
  const opened =
    config.kind === 'sqlite'
      ? openSqlite({ file: config.file, synchronous: config.synchronous })
      : await openPostgres({
          url: config.url,
          poolSize: config.poolSize,
          ...(options.schema ? { schema: options.schema } : {}),
        });
  try {
    const migrations =
      options.migrate === false
        ? { applied: [], current: undefined }
        : await migrateToLatest(opened.db as Kysely<unknown>, opened.store.dialect);
    // A first audit that stopped midway left indexes dropped (see AuditIndexRepository).
    if (options.migrate !== false) await opened.store.auditIndexes.ensure();
    return { store: opened.store, migrations };
  } catch (error) {
    await opened.store.close();
    throw error;
  }
}
