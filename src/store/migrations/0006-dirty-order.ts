import type { Kysely, Migration } from 'kysely';

/**
 * Dirty marks are taken oldest first, 200 at a time. Without an index in that order every take
 * sorted all pending marks: 27 ms a batch with 100,000 pending (a HubSpot import's webhooks), so
 * draining them cost time growing with the square of the backlog. With these, a take reads its
 * 200 marks and the oldest mark's portal is one index probe.
 */
export function dirtyOrderMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('dirty_records_portal_age_idx')
        .on('dirty_records')
        .columns(['portal_id', 'marked_at'])
        .execute();
      await db.schema
        .createIndex('dirty_records_age_idx')
        .on('dirty_records')
        .columns(['marked_at'])
        .execute();
    },
  };
}
