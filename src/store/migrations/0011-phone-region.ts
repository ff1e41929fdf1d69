import type { Kysely, Migration } from 'kysely';

/**
 * A contact's stored phone reading may now be one made with a region (a national number such as
 * "(212) 555-0100", read with the portal's `hygiene.phoneRegion` when the mirror wrote it):
 * `phone_region` names that region, null for a reading that needs none. The analysis uses a
 * reading only when its region is the portal's current one, and reads the number itself otherwise.
 */
export function phoneRegionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('contacts').addColumn('phone_region', 'text').execute();
    },
  };
}
