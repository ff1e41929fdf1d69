import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Scheduled jobs and write-back: a claim per scheduled firing (the first process to insert it runs
 * the job, on SQLite and PostgreSQL alike), the history of runs for `rapport jobs`, and the
 * property values last written to HubSpot so write-back sends only changes.
 */
export function jobsMigration(dialect: Dialect): Migration {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const clustered = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder;
  return {
    async up(db: Kysely<unknown>) {
      await clustered(
        db.schema
          .createTable('job_claims')
          .addColumn('claim_key', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text', (c) => c.notNull())
          .addColumn('claimed_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('job_claims_pk', ['claim_key']),
      ).execute();
      await db.schema
        .createTable('job_runs')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('ok', 'integer')
        .addColumn('summary', 'text')
        .execute();
      await db.schema
        .createIndex('job_runs_job_idx')
        .on('job_runs')
        .columns(['job', 'started_at'])
        .execute();
      await clustered(
        db.schema
          .createTable('property_writes')
          .addColumn('portal_id', 'bigint', (c) => c.notNull())
          .addColumn('object_type', 'text', (c) => c.notNull())
          .addColumn('object_id', 'bigint', (c) => c.notNull())
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('written_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('property_writes_pk', ['portal_id', 'object_type', 'object_id']),
      ).execute();
      // Where a backfill stopped, per object type: the next page's cursor is saved with the page.
      await clustered(
        db.schema
          .createTable('backfill_checkpoints')
          .addColumn('portal_id', 'bigint', (c) => c.notNull())
          .addColumn('object_type', 'text', (c) => c.notNull())
          .addColumn('after_cursor', 'text')
          .addColumn('done', 'integer', (c) => c.notNull())
          .addColumn('records', 'bigint', (c) => c.notNull())
          .addColumn('calls', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('backfill_checkpoints_pk', ['portal_id', 'object_type']),
      ).execute();
    },
  };
}
