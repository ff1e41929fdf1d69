/**
 * Where a full audit's time goes: runs `runAudit` on a portal the `analytics` workload seeded and
 * prints the seconds each phase took. Not part of `npm run bench`; for finding what to work on.
 *
 *   node --import tsx bench/workloads/audit-phases.ts --dialect sqlite|postgres --contacts N
 */
import { runAudit } from '../../src/analytics/run-audit.js';
import { ANALYTICS_PORTAL, flag, openAnalyticsStore, peakRssMb, textFlag } from '../bench-store.js';

const store = await openAnalyticsStore(textFlag('dialect', 'sqlite'), flag('contacts', 100_000));
const { portalId, asOf } = ANALYTICS_PORTAL;
try {
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
  process.stdout.write(
    `${seconds(now - phaseStarted)} s  ${phase}\n${seconds(now - started)} s  total, peak RSS ${Math.round(peakRssMb())} MB\n`,
  );
} finally {
  await store.close();
}
