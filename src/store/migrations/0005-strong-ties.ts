import type { Kysely, Migration } from 'kysely';

/**
 * Each contact insight keeps the active networkers holding a strong tie with the contact, so a
 * company's insight is recomputed from one narrow row per contact instead of every relationship
 * of every contact (a webhook on a contact of a large account read hundreds of wide rows).
 * Rows written before this migration hold '' until the next full audit rewrites them.
 */
export function strongTiesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('contact_insights')
        .addColumn('strong_owner_ids', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    },
  };
}
