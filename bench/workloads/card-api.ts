/**
 * Workload `card-api`: 20 concurrent signed contact-card requests (HubSpot's cap per account) for a
 * contact known by 50 networkers, against the 1M-contact portal the `analytics` workload leaves
 * behind (`npm run bench -- analytics --sizes 1000000` first), served by `rapport serve`.
 *   npm run bench -- card-api [--dialect sqlite|postgres] [--seconds 30]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRecomputer } from '../../src/analytics/recompute.js';
import { signV3 } from '../../src/ingest/verify-signature.js';
import { DAY_MS } from '../../src/domain/time.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { startProcess } from '../bench-process.js';
import {
  ANALYTICS_PORTAL,
  BENCH_DATABASE_URL,
  analyticsFile,
  flag,
  peakRssMb,
  textFlag,
} from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const seconds = flag('seconds', 30);
const CONCURRENCY = 20;
const PORTAL = ANALYTICS_PORTAL.portalId;
const CONTACT = 10_500_001;
const SECRET = 'bench-client-secret';
const BASE = 'https://rapport.bench.example';
const SCHEMA = ANALYTICS_PORTAL.schema;
const ANALYTICS_FILE = analyticsFile(1_000_000);
const DIR = path.join(import.meta.dirname, '..', '.tmp', 'card-api');
const FILE = path.join(DIR, 'rapport.sqlite');

if (dialect === 'sqlite' && !fs.existsSync(FILE)) {
  if (!fs.existsSync(ANALYTICS_FILE)) {
    process.stderr.write(
      'no 1M-contact store: run `npm run bench -- analytics --dialect sqlite --sizes 1000000` first\n',
    );
    process.exit(1);
  }
  fs.mkdirSync(DIR, { recursive: true });
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(ANALYTICS_FILE + suffix))
      fs.renameSync(ANALYTICS_FILE + suffix, FILE + suffix);
}
const storeConfig =
  dialect === 'sqlite'
    ? ({ kind: 'sqlite', file: FILE, synchronous: 'NORMAL' } as const)
    : ({ kind: 'postgres', url: BENCH_DATABASE_URL, poolSize: 4 } as const);

// Fifty networkers get to know the contact; its analytics are recomputed as a webhook would.
{
  const { store } = await openStore(storeConfig, dialect === 'sqlite' ? {} : { schema: SCHEMA });
  if ((await store.contacts.count(PORTAL)) < 1_000_000) {
    process.stderr.write(
      'the store does not hold the 1M-contact portal: run the analytics workload first\n',
    );
    process.exit(1);
  }
  const owners = (await store.owners.list(PORTAL)).slice(0, 50);
  const asOf = Date.now();
  await store.transaction(async (repos) => {
    for (const [i, o] of owners.entries())
      for (const [j, type] of (['meeting', 'email_in', 'call'] as const).entries())
        await repos.touches.upsert(
          PORTAL,
          {
            touchId: 990_000_000 + i * 10 + j,
            type,
            occurredAt: asOf - (i + j + 1) * DAY_MS,
            loggedAt: asOf - (i + j) * DAY_MS,
            ownerId: o.ownerId,
          },
          { contactIds: [CONTACT], companyIds: [] },
        );
  });
  await createRecomputer({ store, clock: fixedClock(asOf), log: silentLogger() }).drain(60_000);
  const known = (await store.relationships.forContacts(PORTAL, [CONTACT])).length;
  process.stdout.write(`contact ${CONTACT} is known by ${known} networkers\n`);
  await store.close();
}

const service = await startProcess(
  ['src/cli/main.ts', 'serve'],
  {
    PORT: '0',
    RAPPORT_DEMO: 'off',
    RAPPORT_WORKER: 'off',
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_PORTAL_ID: String(PORTAL),
    RAPPORT_PUBLIC_BASE_URL: BASE,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...(dialect === 'sqlite'
      ? { RAPPORT_DATA_DIR: DIR }
      : {
          DATABASE_URL: `${BENCH_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`,
        }),
  },
  /running at http:\/\/127\.0\.0\.1:(\d+)/,
);

const latencies: number[] = [];
let failures = 0;
const until = performance.now() + seconds * 1000;
const pathAndQuery = `/api/contact-card?contactId=${CONTACT}&userId=70001&userEmail=bench@rapport.example&portalId=${PORTAL}&appId=1`;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < until) {
      const timestamp = Date.now();
      const t0 = performance.now();
      const response = await fetch(`http://127.0.0.1:${service.port}${pathAndQuery}`, {
        headers: {
          'x-hubspot-request-timestamp': String(timestamp),
          'x-hubspot-signature-v3': signV3(SECRET, 'GET', `${BASE}${pathAndQuery}`, '', timestamp),
        },
      });
      const body = (await response.json()) as { totalKnowers?: number };
      latencies.push(performance.now() - t0);
      if (response.status !== 200 || (body.totalKnowers ?? 0) < 50) failures += 1;
    }
  }),
);
service.child.kill('SIGTERM');
await new Promise((resolve) => service.child.on('exit', resolve));
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  +(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
const result = {
  workload: 'card-api',
  dialect,
  concurrency: CONCURRENCY,
  seconds,
  requests: latencies.length,
  failures,
  requestsPerSec: Math.round(latencies.length / seconds),
  p50Ms: at(0.5),
  p99Ms: at(0.99),
  peakRssMbOfLoadGenerator: Math.round(peakRssMb()),
};
process.stdout.write(
  `contact card: ${result.requestsPerSec} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${failures} failures\n${JSON.stringify(result, null, 2)}\n`,
);
