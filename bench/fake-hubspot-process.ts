/**
 * The fake HubSpot in its own process for the backfill benchmark (so its CPU is not the
 * backfill's): a synthetic portal of `--contacts` records, HubSpot's limits and latency, the clock
 * run `--scale` times faster. Prints `{"url": …}` once listening; runs until killed.
 */
import { SyntheticRecords } from '../test/fake-hubspot/synthetic-records.js';
import { startFakeHubspot } from '../test/fake-hubspot/server.js';
import { flag } from './bench-store.js';

const hubspot = await startFakeHubspot({
  records: new SyntheticRecords(flag('contacts', 100_000)),
  requestsPer10s: flag('requests-per-10s', 190),
  searchesPerSecond: flag('searches-per-second', 5),
  latencyMs: [flag('latency-min', 150), flag('latency-max', 400)],
  timeScale: flag('scale', 10),
  token: 'bench',
});
process.stdout.write(`${JSON.stringify({ url: hubspot.url })}\n`);
process.on('SIGTERM', () => void hubspot.close().then(() => process.exit(0)));
