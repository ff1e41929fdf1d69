import type Database from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { packContactRows, type PackedContacts } from './packed-contacts.js';
import { CONTACT_ROW_LAYOUT } from './repositories/contact-rows.js';
import type { Tables } from './tables.js';

/**
 * A full run's page of contacts on SQLite: its query run in raw mode (each row an array) and
 * packed from there. Through Kysely each contact became an object, then a `Contact`, then was
 * packed (a 1M audit's 52 pages: 7.2 s of the main thread in the read, which is SQLite's
 * bottleneck, plus 1.8 s to convert and pack). `query` is the repository's own (contactPageQuery).
 */
export function sqliteContactPages(db: Kysely<Tables>, raw: Database.Database) {
  // Apart from Kysely's statement cache: raw mode is a statement's own setting.
  const statements = new Map<string, Database.Statement>();
  // Holding Kysely's connection: an open transaction's uncommitted rows are not read.
  return (query: CompiledQuery): Promise<PackedContacts> =>
    db.connection().execute(async () => {
      let statement = statements.get(query.sql);
      if (!statement) {
        statement = raw.prepare(query.sql).raw(true);
        statements.set(query.sql, statement);
      }
      const rows = statement.all(...query.parameters) as unknown[][];
      return packContactRows(rows, CONTACT_ROW_LAYOUT);
    });
}
