import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoreConfig } from '../../src/config/load-config.js';
import type { MigrationReport } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropSchema, TEST_DATABASE_URL } from './postgres.js';

export type TestDialect = 'sqlite' | 'postgres';

/** Dialects this run covers: SQLite always, PostgreSQL when the global setup found it. */
export function testDialects(): TestDialect[] {
  return process.env['RAPPORT_TEST_POSTGRES'] === '1' ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestStore {
  store: Store;
  config: StoreConfig;
  /** The private PostgreSQL schema (other processes open the same one). */
  schema?: string;
  /** Opens a second handle on the same data (as a restarted process would). */
  reopen(): Promise<{ store: Store; migrations: MigrationReport }>;
  /** Raw SQL beside the store, for tests that simulate what Rapport itself never does. */
  exec(statement: string): Promise<void>;
  cleanup(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated store: a temporary SQLite file, or a private PostgreSQL schema. */
export async function makeTestStore(dialect: TestDialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
    const config: StoreConfig = {
      kind: 'sqlite',
      file: path.join(dir, 'rapport.sqlite'),
      synchronous: 'NORMAL',
    };
    const { store } = await openStore(config);
    return {
      store,
      config,
      reopen: () => openStore(config),
      async exec(statement) {
        const db = new Database(config.file);
        try {
          db.exec(statement);
        } finally {
          db.close();
        }
      },
      async cleanup() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `rapport_test_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
  const config: StoreConfig = { kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 4 };
  const { store } = await openStore(config, { schema });
  return {
    store,
    config,
    schema,
    reopen: () => openStore(config, { schema }),
    async exec(statement) {
      const client = new pg.Client({
        connectionString: TEST_DATABASE_URL,
        options: `-c search_path=${schema}`,
      });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/**
 * Statements that fail when an index a first audit defers is missing (AuditIndexRepository): the
 * duplicate-key lookup, a networker's relationships.
 */
export const deferredIndexProbes = (dialect: string): { keys: string; relationships: string } =>
  dialect === 'sqlite'
    ? {
        keys: "select * from contact_keys indexed by contact_keys_key_idx where portal_id = 0 and kind = 'email' and key = ''",
        relationships:
          'select * from relationships indexed by relationships_owner_idx where portal_id = 0 and owner_id = 0',
      }
    : {
        keys: "select 'contact_keys_key_hash_idx'::regclass",
        relationships: "select 'relationships_owner_idx'::regclass",
      };
