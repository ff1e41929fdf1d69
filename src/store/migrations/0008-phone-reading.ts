import type { Kysely, Migration } from 'kysely';

/**
 * A contact keeps its phone number's E.164 reading beside the number when the reading needs no
 * region (`regionFreePhoneE164`): `phone_read` says the reading is there, `phone_e164` holds it
 * (null: not a valid number). Rows written before this migration are unread, and the audit reads
 * their numbers itself until the mirror writes them again.
 */
export function phoneReadingMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('contacts').addColumn('phone_e164', 'text').execute();
      await db.schema
        .alterTable('contacts')
        .addColumn('phone_read', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
