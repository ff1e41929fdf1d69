/**
 * Where a full audit's time goes: runs `runAudit` on a portal the `analytics` workload seeded and
 * prints the seconds each phase took. Not part of `npm run bench`; for finding what to work on.
 *
 *   node --import tsx bench/workloads/audit-phases.ts --dialect sqlite|postgres --contacts N
 */
import fs from 'node:fs';
import { runAudit } from '../../src/analytics/run-audit.js';
import {
  ANALYTICS_PORTAL,
  flag,
  openAnalyticsStore,
  peakRssMb,
  textFlag,
  vacuumLikeAutovacuum,
} from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
// Untimed: the state a nightly audit finds after autovacuum has cleaned up the last one.
await vacuumLikeAutovacuum(dialect);
const store = await openAnalyticsStore(dialect, flag('contacts', 100_000));
const { portalId, asOf } = ANALYTICS_PORTAL;

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
