/**
 * Workload `backfill`: `rapport hubspot backfill` of a synthetic portal (N contacts, N/10
 * companies, N/40 deals, 10 engagements per contact, 515 owners) from the fake HubSpot at a
 * Professional app's limits (190 requests per 10 s, 5 searches per s) with 150–400 ms latency.
 * HubSpot's clock runs `--scale` times faster in the fake and in the gateway's throttle, so wall
 * times are reported in HubSpot seconds (real × scale) next to the bound the limits allow.
 *   npm run bench -- backfill [--dialect sqlite|postgres] [--sizes 100000,1000000] [--scale 10]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { createHubspotGateway } from '../../src/hubspot/gateway.js';
import { backfill } from '../../src/ingest/backfill.js';
import { systemClock } from '../../src/shared/clock.js';
import type { FakeHubspotStats } from '../../test/fake-hubspot/server.js';
import { flag, freshBenchStore, peakRssMb, textFlag } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const sizes = textFlag('sizes', '100000,1000000').split(',').map(Number);
const scale = flag('scale', 10);
const limits = { requestsPer10s: 190, searchesPerSecond: 5, timeScale: scale };
const PORTAL = 5151;

const results = [];
for (const contacts of sizes) {
  const fake = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, '..', 'fake-hubspot-process.ts'),
      '--contacts',
      String(contacts),
      '--scale',
      String(scale),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: fake.stdout });
  const url = await new Promise<string>((resolve) =>
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url)),
  );
  const bench = await freshBenchStore(dialect);
  try {
    const started = performance.now();
    let lastPrint = started;
    const report = await backfill({
      store: bench.store,
      gateway: createHubspotGateway({
        accessToken: 'bench',
        basePath: url,
        limits,
        // Retry waits (Retry-After, backoff) pass on HubSpot's fast-forwarded clock too.
        retry: { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / scale)) },
      }),
      clock: systemClock,
      portalId: PORTAL,
      limits,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastPrint < 10_000) return;
        lastPrint = now;
        process.stderr.write(
          `  ${p.step} ${p.records}/${p.total ?? '?'}, ~${Math.round(p.etaSeconds ?? 0)} s left (real)  rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB\n`,
        );
      },
    });
    const wall = (performance.now() - started) / 1_000;
    const stats = (await (await fetch(`${url}/__fake/stats`)).json()) as FakeHubspotStats;
    const result = {
      contacts,
      paths: Object.fromEntries(report.steps.map((s) => [s.objectType, s.path])),
      records: report.steps.reduce((n, s) => n + s.records, 0),
      calls: report.calls,
      minimumCalls: report.minimumCalls,
      callsVsMinimum: +(report.calls / report.minimumCalls).toFixed(3),
      answered429: stats.rateLimited,
      share429: +(stats.rateLimited / stats.calls).toFixed(4),
      searches429: stats.searchesLimited,
      serverErrors: stats.serverErrors,
      hubspotSeconds: Math.round(wall * scale),
      boundSeconds: Math.round(report.boundSeconds * scale),
      wallVsBound: +(wall / report.boundSeconds).toFixed(3),
      predictedSeconds: Math.round((report.plan?.predictedSeconds ?? 0) * scale),
      realSeconds: +wall.toFixed(1),
      peakRssMb: Math.round(peakRssMb()),
    };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fake.kill('SIGTERM');
    await bench.cleanup();
  }
}
process.stdout.write(
  `${JSON.stringify({ workload: 'backfill', dialect, scale, results }, null, 2)}\n`,
);
