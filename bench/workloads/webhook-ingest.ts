/**
 * Workload `webhook-ingest`: 10 concurrent senders (HubSpot's default per-account concurrency)
 * post signed batches of 100 and of 10 events for N seconds (default 60) to the real service
 * (`rapport serve`, its worker off so acknowledgement is measured alone), and the same load to a
 * bare write-before-ack receiver side by side. Then the service's worker drains what was stored:
 * the apply rate into the mirror. The load generator shares the machine's two cores.
 */
import { spawn } from 'node:child_process';
import { startProcess } from '../bench-process.js';
import fs from 'node:fs';
import path from 'node:path';
import { signV3 } from '../../src/ingest/verify-signature.js';
import { fmt, peakRssMb, textFlag, flag, BENCH_DATABASE_URL } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const seconds = flag('seconds', 60);
const SENDERS = 10;
const SECRET = 'bench-client-secret';
const BASE = 'https://rapport.bench.example';
const PORTAL = 4242;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = path.join(import.meta.dirname, '..', '.tmp', 'webhook-ingest');

let eventId = 0;
function batchBody(size: number, timestamp: number): string {
  const events = [];
  for (let i = 0; i < size; i += 1) {
    eventId += 1;
    events.push({
      eventId,
      subscriptionId: 1,
      portalId: PORTAL,
      appId: 2,
      occurredAt: timestamp + eventId,
      subscriptionType: 'object.propertyChange',
      attemptNumber: 0,
      objectId: 10_000_000 + (eventId % 50_000),
      objectTypeId: '0-1',
      propertyName: 'firstname',
      propertyValue: `Name ${eventId}`,
      changeSource: 'CRM_UI',
      sourceId: 'userId:1',
    });
  }
  return JSON.stringify(events);
}

async function load(
  port: number,
  batchSize: number,
): Promise<{
  events: number;
  requests: number;
  failures: number;
  p50: number;
  p99: number;
  eventsPerSec: number;
}> {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const uri = `${BASE}/webhooks/hubspot`;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < until) {
        const timestamp = Date.now();
        const body = batchBody(batchSize, timestamp);
        const headers = {
          'content-type': 'application/json',
          'x-hubspot-request-timestamp': String(timestamp),
          'x-hubspot-signature-v3': signV3(SECRET, 'POST', uri, body, timestamp),
        };
        const t0 = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/webhooks/hubspot`, {
          method: 'POST',
          headers,
          body,
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status >= 300) failures += 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    +(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(1);
  const requests = latencies.length;
  return {
    events: (requests - failures) * batchSize,
    requests,
    failures,
    p50: pct(0.5),
    p99: pct(0.99),
    eventsPerSec: Math.round(((requests - failures) * batchSize) / seconds),
  };
}

fs.rmSync(TMP, { recursive: true, force: true });
const results: Record<string, unknown> = {
  workload: 'webhook-ingest',
  dialect,
  seconds,
  senders: SENDERS,
};
const schema = 'rapport_bench_ingest';
const serviceEnv = (dataDir: string): Record<string, string> => ({
  PORT: '0',
  RAPPORT_DATA_DIR: dataDir,
  RAPPORT_DEMO: 'off',
  RAPPORT_WORKER: 'off',
  HUBSPOT_CLIENT_SECRET: SECRET,
  HUBSPOT_PORTAL_ID: String(PORTAL),
  RAPPORT_PUBLIC_BASE_URL: BASE,
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  ...(dialect === 'postgres'
    ? {
        DATABASE_URL: `${BENCH_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      }
    : {}),
});

if (dialect === 'postgres') {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
}

for (const batchSize of [100, 10]) {
  const dataDir = path.join(TMP, `rapport-${batchSize}`);
  const service = await startProcess(
    ['src/cli/main.ts', 'serve'],
    serviceEnv(dataDir),
    /running at http:\/\/127\.0\.0\.1:(\d+)/,
  );
  const ours = await load(service.port, batchSize);
  service.child.kill('SIGTERM');
  await new Promise((resolve) => service.child.on('exit', resolve));

  const bare = await startProcess(
    ['bench/bare-receiver.ts', '0', path.join(TMP, `bare-${batchSize}`)],
    {},
    /ready (\d+)/,
  );
  const reference = await load(bare.port, batchSize);
  bare.child.kill('SIGTERM');
  await new Promise((resolve) => bare.child.on('exit', resolve));

  results[`batch${batchSize}`] = {
    rapport: ours,
    bareReceiver: reference,
    ratioToBare: +(ours.eventsPerSec / reference.eventsPerSec).toFixed(2),
  };
  process.stdout.write(
    `batch ${batchSize}: rapport ${fmt(ours.eventsPerSec)} ev/s (p99 ${ours.p99} ms), bare ${fmt(reference.eventsPerSec)} ev/s (p99 ${reference.p99} ms)\n`,
  );

  if (batchSize === 100) {
    // Apply rate: stored events applied to the mirror by `rapport inbox drain` in 30 s.
    const t0 = performance.now();
    const drain = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'inbox', 'drain', '--max-seconds', '30'],
        {
          cwd: ROOT,
          env: { ...process.env, ...serviceEnv(dataDir) },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
    });
    const applied = Number(/applied (\d+)/.exec(drain)?.[1] ?? 0);
    const ms = performance.now() - t0;
    results['apply'] = {
      applied,
      seconds: +(ms / 1000).toFixed(1),
      eventsPerSec: Math.round(applied / (ms / 1000)),
    };
    process.stdout.write(`apply: ${fmt(applied)} events in ${(ms / 1000).toFixed(1)} s\n`);
  }
}
results['peakRssMbOfLoadGenerator'] = Math.round(peakRssMb());
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
fs.rmSync(TMP, { recursive: true, force: true });
if (dialect === 'postgres') {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}
