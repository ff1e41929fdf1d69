import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * PostgreSQL finds a duplicate group by a hash index on the key instead of a B-tree on (portal,
 * kind, key). Keys are only ever looked up by equality, and the B-tree of 2.6M text keys (238 MB
 * at 1M contacts) outgrew the server's shared buffers, so each of a first audit's random inserts
 * into it missed the cache: inserting the 2.6M keys took 40 s with it and 24 s with the hash
 * index (97 MB) on the benchmark host. Portal and kind are checked on the few rows a key finds.
 * SQLite has no hash index and keeps its B-tree.
 */
export function keyHashIndexMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await db.schema.dropIndex('contact_keys_key_idx').execute();
      await db.schema
        .createIndex('contact_keys_key_hash_idx')
        .on('contact_keys')
        .using('hash')
        .column('key')
        .execute();
    },
  };
}
