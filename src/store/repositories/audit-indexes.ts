import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { TableName } from '../tables.js';
import type { Db } from './db.js';

/**
 * The secondary indexes a store's first audit writes into at random (each page's rows land all
 * over them): that audit drops them while their tables are empty and builds each once, sorted, at
 * its end. Nothing in a full run reads through them before then.
 */
export interface AuditIndexRepository {
  /** Drops each of them whose table holds no row at all (a store's first audit). True when any was. */
  defer(): Promise<boolean>;
  /** Builds those missing: after a first audit, or at store open after one that stopped midway. */
  ensure(): Promise<void>;
  /**
   * Whether this repository dropped some and has not built them back: a recompute meanwhile would
   * scan the portal's keys for each contact (seconds at a million), so it waits. Known to this
   * process only.
   */
  deferred(): boolean;
}

interface DeferrableIndex {
  table: TableName;
  /** Its name as the migrations made it, per dialect. */
  name: Record<Dialect, string>;
  build(db: Db, dialect: Dialect, name: string): Promise<void>;
}

const DEFERRABLE: readonly DeferrableIndex[] = [
  {
    // The duplicate-key lookup: a B-tree on SQLite, a hash of the key on PostgreSQL (0007). Each
    // page's random inserts into it slowed every page more than the last.
    table: 'contact_keys',
    name: { sqlite: 'contact_keys_key_idx', postgres: 'contact_keys_key_hash_idx' },
    async build(db, dialect, name) {
      const index = db.schema.createIndex(name).on('contact_keys');
      await (
        dialect === 'postgres'
          ? index.using('hash').column('key')
          : index.columns(['portal_id', 'kind', 'key'])
      ).execute();
      // Without statistics for the new index, SQLite's planner joined a group by scanning every
      // key of the portal (a recompute took seconds instead of a millisecond). A sample of each
      // index is enough to pick it: at 1M the full statistics took 1.25 s of the run's one
      // connection, a thousand rows' 0.09 s, for the same plans of the recompute's key reads.
      if (dialect === 'sqlite') await sql`pragma analysis_limit = 1000`.execute(db);
      try {
        await sql`analyze contact_keys`.execute(db);
      } finally {
        if (dialect === 'sqlite') await sql`pragma analysis_limit = 0`.execute(db);
      }
    },
  },
  {
    // A networker's relationships: 500 networkers are 500 places each page's rows go into. On
    // SQLite at 1M, 7.7 s of its main thread inserting 1.6M relationships, 3.3 s to build after.
    table: 'relationships',
    name: { sqlite: 'relationships_owner_idx', postgres: 'relationships_owner_idx' },
    async build(db, _dialect, name) {
      await db.schema
        .createIndex(name)
        .on('relationships')
        .columns(['portal_id', 'owner_id'])
        .execute();
    },
  },
];

export function createAuditIndexRepository(db: Db, dialect: Dialect): AuditIndexRepository {
  let deferred = false;
  const exists = async (name: string): Promise<boolean> => {
    const query =
      dialect === 'postgres'
        ? sql<{
            found: string | null;
          }>`select relname as found from pg_class where oid = to_regclass(${name}) and relkind = 'i'`
        : sql<{
            found: string | null;
          }>`select name as found from sqlite_master where type = 'index' and name = ${name}`;
    return Boolean((await query.execute(db)).rows[0]?.found);
  };
  return {
    async defer() {
      let dropped = false;
      for (const index of DEFERRABLE) {
        const any = await db.selectFrom(index.table).select('portal_id').limit(1).execute();
        if (any.length > 0) continue;
        await db.schema.dropIndex(index.name[dialect]).ifExists().execute();
        dropped = true;
      }
      deferred ||= dropped;
      return dropped;
    },
    deferred: () => deferred,
    async ensure() {
      // All at once: on PostgreSQL each build is a server process of its own (the keys' 3.5 s
      // and the relationships' 1.1 s at 1M overlap), on SQLite they queue on the one connection.
      // Each is built even when another fails; the first failure is reported after.
      const outcomes = await Promise.allSettled(
        DEFERRABLE.map(async (index) => {
          const name = index.name[dialect];
          if (!(await exists(name))) await index.build(db, dialect, name);
        }),
      );
      // Built, or failed to build: recomputes go on either way (scanning, if one failed).
      deferred = false;
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
