/**
 * `npm run bench [-- <workload> [--dialect sqlite|postgres] [--contacts N] [--touches N]]`
 * Runs each workload in its own process per dialect, so peak RSS is that workload's own.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const WORKLOADS: Record<string, string> = {
  'store-load': 'workloads/store-load.ts',
  'webhook-ingest': 'workloads/webhook-ingest.ts',
  analytics: 'workloads/analytics.ts',
  // Needs the 1M-contact portal the analytics workload leaves behind.
  'card-api': 'workloads/card-api.ts',
  import: 'workloads/import.ts',
  backfill: 'workloads/backfill.ts',
};

const args = process.argv.slice(2);
const named =
  args[0] && !args[0].startsWith('--') ? [args.shift() as string] : Object.keys(WORKLOADS);
const dialectFlag = args.indexOf('--dialect');
const dialects =
  dialectFlag >= 0 ? [args.splice(dialectFlag, 2)[1] ?? 'sqlite'] : ['sqlite', 'postgres'];

let failed = false;
for (const name of named) {
  const file = WORKLOADS[name];
  if (!file) {
    process.stderr.write(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(', ')}\n`);
    process.exit(2);
  }
  for (const dialect of dialects) {
    process.stdout.write(`\n== ${name} on ${dialect}\n`);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, file), '--dialect', dialect, ...args],
      {
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
