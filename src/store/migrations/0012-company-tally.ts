import type { Kysely, Migration } from 'kysely';

/**
 * A company insight keeps what its tally was made of beyond the totals: the contact its strength
 * is with and the strong ties per networker. A recompute then swaps one contact's part in it
 * instead of reading every contact of the company. Rows written before this migration hold null
 * ties and are recounted from their contacts when next recomputed.
 */
export function companyTallyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('company_insights')
        .addColumn('strongest_contact_id', 'bigint')
        .execute();
      await db.schema.alterTable('company_insights').addColumn('owner_ties', 'text').execute();
    },
  };
}
