import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Events that failed every attempt leave the inbox for this table, with the reason, so one poison
 * event never blocks the others and an operator can inspect and replay it (`rapport inbox`).
 * Also: versions on deals.
 */
export function deadLettersMigration(dialect: Dialect): Migration {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('dead_letters')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('portal_id', 'bigint', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('subscription_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'bigint')
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'bigint', (c) => c.notNull())
        .addColumn('replayed_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('dead_letters_portal_idx')
        .on('dead_letters')
        .columns(['portal_id', 'failed_at'])
        .execute();
      // Deal stage/amount changes arrive out of order like contact changes: deals keep versions too.
      await db.schema
        .alterTable('deals')
        .addColumn('prop_versions', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
    },
  };
}
