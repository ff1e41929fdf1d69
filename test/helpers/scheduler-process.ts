/**
 * One Rapport process running the scheduler on a shared PostgreSQL schema, for the distributed
 * schedule test: inbox pruning fires every second; after `seconds` it stops and prints how many
 * firings it saw and how many it won. Usage: tsx scheduler-process.ts <schema> <seconds>
 */
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { TEST_DATABASE_URL } from './postgres.js';

const [schema = '', seconds = '3'] = process.argv.slice(2);
const { store } = await openStore(
  { kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 2 },
  { schema },
);
let seen = 0;
let won = 0;
const claim = store.jobs.claim.bind(store.jobs);
store.jobs.claim = async (key, by, at) => {
  seen += 1;
  const ok = await claim(key, by, at);
  if (ok) won += 1;
  return ok;
};
const yearly = '0 0 1 1 *';
const scheduler = startScheduler(
  {
    store,
    gateway: undefined,
    clock: systemClock,
    log: silentLogger(),
    portalIds: async () => [],
  },
  {
    ...DEFAULT_SETTINGS,
    schedules: {
      ...DEFAULT_SETTINGS.schedules,
      audit: yearly,
      snapshots: yearly,
      digests: yearly,
      reconciliation: yearly,
      inboxPruning: '* * * * * *',
    },
  },
);
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1_000));
await scheduler.stop();
// A firing in flight finishes its run before the store closes.
await new Promise((resolve) => setTimeout(resolve, 500));
await store.close();
process.stdout.write(`${JSON.stringify({ seen, won })}\n`);
