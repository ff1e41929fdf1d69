import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

export const BENCH_DATABASE_URL =
  process.env['RAPPORT_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'rapport_bench';

/** A fresh store for a benchmark: bench/.tmp/bench.sqlite, or the rapport_bench schema. */
export async function freshBenchStore(
  dialect: string,
): Promise<{ store: Store; size: () => Promise<string>; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = path.join(import.meta.dirname, '.tmp');
    const file = path.join(dir, 'bench.sqlite');
    // Only this store's files: the analytics workload keeps its seeded portals beside it.
    const remove = () =>
      ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${file}${suffix}`, { force: true }));
    remove();
    fs.mkdirSync(dir, { recursive: true });
    const { store } = await openStore({ kind: 'sqlite', file, synchronous: 'NORMAL' });
    return {
      store,
      size: async () => `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB file`,
      cleanup: async () => {
        await store.close();
        remove();
      },
    };
  }
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists ${SCHEMA} cascade`);
  const { store } = await openStore(
    { kind: 'postgres', url: BENCH_DATABASE_URL, poolSize: 4 },
    { schema: SCHEMA },
  );
  return {
    store,
    size: async () => {
      const { rows } = await admin.query<{ mb: string }>(
        `select round(sum(pg_total_relation_size(c.oid)) / 1048576.0) as mb from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
        [SCHEMA],
      );
      return `${rows[0]?.mb ?? '?'} MB in tables and indexes`;
    },
    cleanup: async () => {
      await store.close();
      await admin.query(`drop schema if exists ${SCHEMA} cascade`);
      await admin.end();
    },
  };
}

/**
 * The portals the `analytics` workload seeds and leaves behind (one per size): where they live and
 * the instant they are analysed at. `audit-phases` and reruns open them again.
 */
export const ANALYTICS_PORTAL = {
  portalId: 4242,
  asOf: Date.UTC(2026, 10, 1),
  dir: path.join(import.meta.dirname, '.tmp', 'analytics'),
  schema: 'rapport_bench_analytics',
};

export const analyticsFile = (contacts: number) =>
  path.join(ANALYTICS_PORTAL.dir, `bench-${contacts}.sqlite`);

/** Opens the store holding the analytics workload's portal of this size. */
export async function openAnalyticsStore(dialect: string, contacts: number): Promise<Store> {
  const { store } = await openStore(
    dialect === 'sqlite'
      ? { kind: 'sqlite', file: analyticsFile(contacts), synchronous: 'NORMAL' }
      : { kind: 'postgres', url: BENCH_DATABASE_URL, poolSize: 4 },
    dialect === 'sqlite' ? {} : { schema: ANALYTICS_PORTAL.schema },
  );
  return store;
}

/**
 * What autovacuum does between two nightly audits on a real server (this machine's PostgreSQL runs
 * with it off): without it, each audit's replaced relationships and insights stay as dead rows that
 * the next run's reads wade through. SQLite reuses freed pages itself.
 */
export async function vacuumLikeAutovacuum(dialect: string): Promise<void> {
  if (dialect !== 'postgres') return;
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`set search_path = ${ANALYTICS_PORTAL.schema}`);
    await admin.query('vacuum (analyze)');
  } finally {
    await admin.end();
  }
}

export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export function textFlag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
