/**
 * Where a full audit's time goes: runs `runAudit` on a portal the `analytics` workload seeded and
 * prints the seconds each phase took. Not part of `npm run bench`; for finding what to work on.
 *
 *   node --import tsx bench/workloads/audit-phases.ts --dialect sqlite|postgres --contacts N [--first]
 *
 * `--first` empties what audits write first (relationships, insights, keys, findings and what
 * they queued), so the run is the portal's first audit again, without seeding it anew.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runAudit } from '../../src/analytics/run-audit.js';
import {
  ANALYTICS_PORTAL,
  BENCH_DATABASE_URL,
  analyticsFile,
  flag,
  openAnalyticsStore,
  peakRssMb,
  textFlag,
  vacuumLikeAutovacuum,
} from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const contacts = flag('contacts', 100_000);
if (process.argv.includes('--first')) await forgetAudits(dialect, contacts);
// Untimed: the state a nightly audit finds after autovacuum has cleaned up the last one.
await vacuumLikeAutovacuum(dialect);
const store = await openAnalyticsStore(dialect, contacts);
const { portalId, asOf } = ANALYTICS_PORTAL;

/** Empties the tables audits write (the benchmark portal is the store's only one). */
async function forgetAudits(dialect: string, size: number): Promise<void> {
  const tables = [
    'relationships',
    'contact_insights',
    'company_insights',
    'contact_keys',
    'findings',
    'metric_snapshots',
    'outbox',
    'dirty_records',
  ];
  if (dialect === 'sqlite') {
    const db = new Database(analyticsFile(size));
    try {
      for (const table of tables) db.prepare(`delete from ${table}`).run();
    } finally {
      db.close();
    }
    return;
  }
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(
      `truncate ${tables.map((t) => `${ANALYTICS_PORTAL.schema}.${t}`).join(', ')}`,
    );
  } finally {
    await admin.end();
  }
}

/**
 * CPU seconds the whole machine has spent busy, and those the hypervisor took back (steal: a noisy
 * host), from Linux's /proc/stat; null elsewhere. Guest time is already counted in user time.
 */
function machineCpu(): { busy: number; steal: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    if (ticks.length < 8 || ticks.some(Number.isNaN)) return null;
    // USER_HZ is 100 on Linux: the fields are hundredths of a second.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
  } catch {
    return null;
  }
}

try {
  const machineBefore = machineCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let phase = 'start';
  let phaseStarted = started;
  const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
  await runAudit(store, portalId, {
    asOf,
    now: asOf,
    pageSize: flag('page', 20_000),
    onProgress: (p) => {
      if (p.phase === phase) return;
      const now = performance.now();
      process.stdout.write(`${seconds(now - phaseStarted)} s  ${phase}\n`);
      phase = p.phase;
      phaseStarted = now;
    },
  });
  const now = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineCpu();
  const processCpu = (cpu.user + cpu.system) / 1e6;
  // The database server's work shows as the machine's CPU beyond this process's (on PostgreSQL).
  const elsewhere =
    machineBefore === null || machineAfter === null
      ? ''
      : `, the rest of the machine ${(machineAfter.busy - machineBefore.busy - processCpu).toFixed(1)} s` +
        `, stolen by the host ${(machineAfter.steal - machineBefore.steal).toFixed(1)} s`;
  process.stdout.write(
    `${seconds(now - phaseStarted)} s  ${phase}\n${seconds(now - started)} s  total, peak RSS ${Math.round(peakRssMb())} MB\n` +
      `CPU: this process (all threads) ${processCpu.toFixed(1)} s${elsewhere}\n`,
  );
} finally {
  await store.close();
}
