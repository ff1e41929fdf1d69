import type Database from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { packContactRows, type PackedContacts } from './packed-contacts.js';
import { packLinkRows, type PackedLinks } from './packed-links.js';
import { CONTACT_ROW_LAYOUT } from './repositories/contact-rows.js';
import type { Tables } from './tables.js';

/**
 * A full run's page reads on SQLite's main connection: each query (the repository's own) run in
 * raw mode, every row an array, and packed from there. Through Kysely each contact became an
 * object, then a `Contact`, then was packed (a 1M audit's 52 contact pages: 7.2 s of the main
 * thread in the read, which is SQLite's bottleneck, plus 1.8 s to convert and pack); each company
 * link an object that was packed for the analysis thread (50 pages' links: 0.58–0.63 s through
 * Kysely, 0.37–0.45 s raw).
 */
export function sqliteRawPages(db: Kysely<Tables>, raw: Database.Database) {
  // Apart from Kysely's statement cache: raw mode is a statement's own setting.
  const statements = new Map<string, Database.Statement>();
  // Holding Kysely's connection: an open transaction's uncommitted rows are not read.
  const rows = (query: CompiledQuery): Promise<unknown[][]> =>
    db.connection().execute(async () => {
      let statement = statements.get(query.sql);
      if (!statement) {
        statement = raw.prepare(query.sql).raw(true);
        statements.set(query.sql, statement);
      }
      return statement.all(...query.parameters) as unknown[][];
    });
  return {
    contacts: async (query: CompiledQuery): Promise<PackedContacts> =>
      packContactRows(await rows(query), CONTACT_ROW_LAYOUT),
    links: async (query: CompiledQuery): Promise<PackedLinks> => packLinkRows(await rows(query)),
  };
}
