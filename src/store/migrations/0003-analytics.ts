import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * What the analytics compute and keep: one row per (contact, networker) relationship, one insight
 * per contact and per company, the duplicate keys of every contact (so a change finds its group
 * by index), dirty marks (records a webhook changed, recomputed after it; durable, so a crash
 * between the change and the recompute loses nothing), and introductions/referrals for the RoR.
 */
export function analyticsMigration(dialect: Dialect): Migration {
  const clustered = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder;
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) =>
        db.schema.createTable(name).addColumn('portal_id', 'bigint', (c) => c.notNull());
      const index = (name: string, on: string, columns: string[]) =>
        db.schema.createIndex(name).on(on).columns(columns).execute();

      await clustered(
        table('relationships')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('owner_id', 'bigint', (c) => c.notNull())
          .addColumn('score', 'double precision', (c) => c.notNull())
          .addColumn('score_before', 'double precision', (c) => c.notNull())
          .addColumn('score_at_departure', 'double precision')
          .addColumn('grade', 'text', (c) => c.notNull())
          .addColumn('trend', 'text', (c) => c.notNull())
          .addColumn('touch_count', 'integer', (c) => c.notNull())
          .addColumn('inbound_count', 'integer', (c) => c.notNull())
          .addColumn('last_touch_at', 'bigint')
          .addColumn('capped', 'integer', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('relationships_pk', ['portal_id', 'contact_id', 'owner_id']),
      ).execute();
      await index('relationships_owner_idx', 'relationships', ['portal_id', 'owner_id']);

      await clustered(
        table('contact_insights')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('key_stakeholder', 'integer', (c) => c.notNull())
          .addColumn('threads', 'integer', (c) => c.notNull())
          .addColumn('max_score', 'double precision', (c) => c.notNull())
          .addColumn('strongest_owner_id', 'bigint')
          .addColumn('strongest_active_owner_id', 'bigint')
          .addColumn('owner_score', 'double precision', (c) => c.notNull())
          .addColumn('single_threaded', 'integer', (c) => c.notNull())
          .addColumn('cold', 'integer', (c) => c.notNull())
          .addColumn('unthreaded', 'integer', (c) => c.notNull())
          .addColumn('orphaned', 'integer', (c) => c.notNull())
          .addColumn('owner_mismatch', 'integer', (c) => c.notNull())
          .addColumn('last_touch_at', 'bigint')
          .addColumn('hygiene_score', 'double precision', (c) => c.notNull())
          .addPrimaryKeyConstraint('contact_insights_pk', ['portal_id', 'contact_id']),
      ).execute();

      await clustered(
        table('company_insights')
          .addColumn('company_id', 'bigint', (c) => c.notNull())
          .addColumn('contacts', 'integer', (c) => c.notNull())
          .addColumn('threaded_contacts', 'integer', (c) => c.notNull())
          .addColumn('max_score', 'double precision', (c) => c.notNull())
          .addColumn('strongest_owner_id', 'bigint')
          .addColumn('strong_ties', 'integer', (c) => c.notNull())
          .addColumn('networkers', 'integer', (c) => c.notNull())
          .addColumn('top_owner_id', 'bigint')
          .addColumn('top_share', 'double precision', (c) => c.notNull())
          .addColumn('hhi', 'double precision', (c) => c.notNull())
          .addPrimaryKeyConstraint('company_insights_pk', ['portal_id', 'company_id']),
      ).execute();

      await clustered(
        table('contact_keys')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          // Keyed by contact: a full run reads a page's keys as one range and rewrites only changes.
          .addPrimaryKeyConstraint('contact_keys_pk', ['portal_id', 'contact_id', 'kind']),
      ).execute();
      await index('contact_keys_key_idx', 'contact_keys', ['portal_id', 'kind', 'key']);

      await clustered(
        table('dirty_records')
          .addColumn('object_type', 'text', (c) => c.notNull())
          .addColumn('object_id', 'bigint', (c) => c.notNull())
          .addColumn('marked_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('dirty_records_pk', ['portal_id', 'object_type', 'object_id']),
      ).execute();

      await clustered(
        table('introductions')
          .addColumn('introduction_id', 'bigint', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('by_owner_id', 'bigint', (c) => c.notNull())
          .addColumn('for_owner_id', 'bigint')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('occurred_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('introductions_pk', ['portal_id', 'introduction_id']),
      ).execute();
      await index('introductions_time_idx', 'introductions', ['portal_id', 'occurred_at']);

      // A networker who reviewed a finding hides it from their card for a while; it stays open.
      await db.schema.alterTable('findings').addColumn('snoozed_until', 'bigint').execute();
    },
  };
}
