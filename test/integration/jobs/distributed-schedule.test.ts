/**
 * Two real Rapport processes share one PostgreSQL database and the same schedule: every firing
 * (inbox pruning, every second here) runs exactly once between them, and both saw every firing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { makeTestStore, testDialects } from '../../helpers/test-store.js';

const SECONDS = 4;

const runProcess = (schema: string) =>
  new Promise<{ seen: number; won: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, '..', '..', 'helpers', 'scheduler-process.ts'),
        schema,
        String(SECONDS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(
            JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { seen: number; won: number },
          )
        : reject(new Error(`scheduler process exited ${code}`)),
    );
  });

const onPostgres = testDialects().includes('postgres') ? it : it.skip;

describe('the distributed schedule', () => {
  onPostgres(
    'runs each firing once across two processes on PostgreSQL',
    async () => {
      const t = await makeTestStore('postgres');
      try {
        const schema = t.schema ?? '';
        const [a, b] = await Promise.all([runProcess(schema), runProcess(schema)]);
        const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await db.connect();
        try {
          const count = async (sql: string) =>
            Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
          const firings = await count(
            `select count(*) as n from ${schema}.job_claims where claim_key like 'inbox-pruning:%'`,
          );
          const runs = await count(
            `select count(*) as n from ${schema}.job_runs where job = 'inbox-pruning' and ok = 1`,
          );
          expect(firings).toBeGreaterThanOrEqual(SECONDS - 1);
          // Each firing ran once, in whichever process claimed it first.
          expect(runs).toBe(firings);
          expect(a.won + b.won).toBe(firings);
          // Both processes saw (nearly) every firing: each one was contested.
          expect(a.seen).toBeGreaterThanOrEqual(firings - 1);
          expect(b.seen).toBeGreaterThanOrEqual(firings - 1);
        } finally {
          await db.end();
        }
      } finally {
        await t.cleanup();
      }
    },
    30_000,
  );
});
