import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The active contacts of a portal, by a partial index: a full run counts them before its first
 * page (to size its duplicate index and report progress), and `archived` is in no other index,
 * so the count read every contact's whole row: 1.3 s on SQLite and 0.4 s on PostgreSQL at 1M
 * contacts on the benchmark host.
 */
export function activeContactsIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('contacts_active_idx')
        .on('contacts')
        .column('portal_id')
        .where(sql.ref('archived'), '=', 0)
        .execute();
    },
  };
}
