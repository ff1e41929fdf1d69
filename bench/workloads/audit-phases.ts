/**
 * Where a full audit's time goes: runs `runAudit` on a portal the `analytics` workload seeded and
 * prints the seconds each phase took. Not part of `npm run bench`; for finding what to work on.
 *
 *   node --import tsx bench/workloads/audit-phases.ts --dialect sqlite|postgres --contacts N
 */
import path from 'node:path';
import { runAudit } from '../../src/analytics/run-audit.js';
import { openStore } from '../../src/store/open-store.js';
import { BENCH_DATABASE_URL, flag, textFlag } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const contacts = flag('contacts', 100_000);
const AS_OF = Date.UTC(2026, 10, 1);
const FILE = path.join(import.meta.dirname, '..', '.tmp', 'analytics', `bench-${contacts}.sqlite`);

const { store } = await openStore(
  dialect === 'sqlite'
    ? { kind: 'sqlite', file: FILE, synchronous: 'NORMAL' }
    : { kind: 'postgres', url: BENCH_DATABASE_URL, poolSize: 4 },
  dialect === 'sqlite' ? {} : { schema: 'rapport_bench_analytics' },
);
try {
  const started = performance.now();
  let phase = 'start';
  let phaseStarted = started;
  const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
  await runAudit(store, 4242, {
    asOf: AS_OF,
    now: AS_OF,
    onProgress: (p) => {
      if (p.phase === phase) return;
      const now = performance.now();
      process.stdout.write(`${seconds(now - phaseStarted)} s  ${phase}\n`);
      phase = p.phase;
      phaseStarted = now;
    },
  });
  const now = performance.now();
  process.stdout.write(
    `${seconds(now - phaseStarted)} s  ${phase}\n${seconds(now - started)} s  total\n`,
  );
} finally {
  await store.close();
}
