import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';

/**
 * The connection Kysely sees, preparing each distinct SQL text once. Kysely's driver prepares a
 * new statement for every query; each is a native object freed by a weak-handle finalizer during
 * garbage collection, so a recompute's ~18 queries left ~1,000 finalizers per young-generation
 * scavenge, and those made the scavenge pause 4–10 ms (3 ms of it in weak handles alone).
 */
export function withStatementCache(raw: Database.Database, max = 500): SqliteDatabase {
  const statements = new LRUCache<string, Database.Statement>({ max });
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      // Reusing a statement is safe: Kysely runs one query at a time on the one connection, and
      // better-sqlite3 refuses any other query while a stream's iterator is open.
      const cached = statements.get(sql);
      if (cached) return cached;
      const fresh = raw.prepare(sql);
      statements.set(sql, fresh);
      return fresh;
    },
  };
}
