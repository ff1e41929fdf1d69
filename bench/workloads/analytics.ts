/**
 * Workload `analytics`: the full audit plus every metric on demo portals of 100k, 300k and 1M
 * contacts (10 touches and 0.1 companies per contact, 500 networkers), then 2,000 incremental
 * recomputes of one new touch each, the last 1,000 timed, right after the audit and again in a
 * fresh process (the
 * service between audits). Each size is seeded, audited and recomputed in processes of their own,
 * so the audit's peak RSS is its own.
 *   npm run bench -- analytics [--dialect sqlite|postgres] [--sizes 100000,300000,1000000]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { textFlag } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const sizes = textFlag('sizes', '100000,300000,1000000').split(',').map(Number);
const results: unknown[] = [];
for (const contacts of sizes) {
  for (const phase of ['seed', 'audit', 'recompute']) {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'analytics-run.ts'),
        '--dialect',
        dialect,
        '--contacts',
        String(contacts),
        '--phase',
        phase,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (run.status !== 0) {
      process.stderr.write(run.stdout);
      process.exit(1);
    }
    const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
    if (phase === 'audit') results.push(JSON.parse(last));
    else if (phase === 'recompute') Object.assign(results.at(-1) as object, JSON.parse(last));
    else process.stdout.write(`  seeded ${contacts.toLocaleString('en-US')} contacts: ${last}\n`);
  }
}
for (const r of results as Record<string, number>[])
  process.stdout.write(
    `  ${r['contacts']?.toLocaleString('en-US')} contacts, ${r['touches']?.toLocaleString('en-US')} touches: audit ${r['auditSeconds']} s (${r['contactsPerSec']?.toLocaleString('en-US')} contacts/s), peak RSS ${r['peakRssMb']} MB; one-touch recompute p50 ${r['incrementalP50Ms']} ms, p99 ${r['incrementalP99Ms']} ms (${r['incrementalOver5Ms']} of 1,000 over 5 ms) right after the audit, ${r['steadyP50Ms']} / ${r['steadyP99Ms']} ms (${r['steadyOver5Ms']} over 5 ms) in a fresh process, ${r['largestCompanyP50Ms']} / ${r['largestCompanyP99Ms']} ms on contacts of its largest company (${r['largestCompanyContacts']} contacts)\n`,
  );
process.stdout.write(`${JSON.stringify({ workload: 'analytics', dialect, results }, null, 2)}\n`);
