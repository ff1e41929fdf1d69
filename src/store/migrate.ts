import { Migrator, sql, type Kysely } from 'kysely';
import { StoreError } from '../shared/errors.js';
import type { Dialect } from './dialect.js';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
  current: string | undefined;
}

/**
 * Brings the schema to this version's latest, in one transaction (both dialects have
 * transactional DDL), so a failed migration leaves the store as it was. Concurrent starts on
 * PostgreSQL are serialised by Kysely's migration lock.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
): Promise<MigrationReport> {
  const known = migrations(dialect);
  const executed = await executedMigrations(db);
  const unknown = executed.filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new StoreError(
      'store_too_new',
      `the store was created by a newer Rapport version (unknown migration ${unknown.join(', ')})`,
      { hint: 'upgrade Rapport, or point RAPPORT_DATA_DIR / DATABASE_URL at another store' },
    );
  }
  // On PostgreSQL, Kysely looks for its migration tables in every schema unless told which one:
  // another application's (or another Rapport store's) tables in the same database would be taken
  // for ours. Ours live in the schema the connection works in.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => known },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new StoreError(
      'migration_failed',
      `migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`,
      {
        hint: 'the store was left unchanged; report this with the log',
        cause: error,
      },
    );
  }
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const all = Object.keys(known);
  return { applied, current: all[all.length - 1] };
}

async function executedMigrations(db: Kysely<unknown>): Promise<string[]> {
  // Asked directly rather than through introspection: on PostgreSQL introspection lists every
  // schema's tables, and another schema's migration table is not this store's.
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return rows.map((r) => r.name);
  } catch {
    return [];
  }
}
