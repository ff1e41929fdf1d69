import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { collect, spawnCli, waitForOutput } from '../../helpers/run-cli.js';
import {
  hubspotEvent,
  signHubspotRequest,
  TEST_BASE_URL,
  TEST_CLIENT_SECRET,
} from '../../helpers/sign-hubspot-request.js';
import { dropSchema, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { testDialects } from '../../helpers/test-store.js';

const PORTAL = 99_990_001;
const CONTACTS = 120;
const CHANGES_PER_CONTACT = 5;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A deterministic shuffle, so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Mirror {
  firstNames(): Promise<Map<number, string>>;
  unfinished(): Promise<number>;
  inboxRows(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Crash safety: a flood of signed batches (duplicates and shuffled order included) while the
 * service is killed with SIGKILL at several points and restarted; the sender retries whatever was
 * not acknowledged. Every acknowledged event must be applied, none twice in effect, and the mirror
 * must equal the expected final state.
 */
describe.each(testDialects())('crash safety on %s', (dialect) => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let schema: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-'));
    schema = `rapport_crash_${process.pid}_${Date.now().toString(36)}`;
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (dialect === 'postgres') await dropSchema(schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function env(port: number): Record<string, string> {
    return {
      PORT: String(port),
      RAPPORT_DATA_DIR: dataDir,
      RAPPORT_DEMO: 'off',
      HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
      HUBSPOT_PORTAL_ID: String(PORTAL),
      RAPPORT_PUBLIC_BASE_URL: TEST_BASE_URL,
      LOG_LEVEL: 'warn',
      // A killed worker's claimed events come back after the lease; keep it short for the test.
      RAPPORT_WORKER_LEASE_MS: '2000',
      ...(dialect === 'postgres'
        ? {
            DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
            RAPPORT_PG_POOL_SIZE: '4',
          }
        : {}),
    };
  }

  async function start(port: number): Promise<ChildProcess> {
    const child = spawnCli(['serve'], env(port));
    children.push(child);
    void collect(child);
    await waitForOutput(child, /ready: /);
    return child;
  }

  function mirror(): Mirror {
    if (dialect === 'sqlite') {
      const db = new Database(path.join(dataDir, 'rapport.sqlite'), { readonly: true });
      return {
        firstNames: async () =>
          new Map(
            (
              db.prepare('select contact_id, first_name from contacts').all() as {
                contact_id: number;
                first_name: string;
              }[]
            ).map((r) => [r.contact_id, r.first_name]),
          ),
        unfinished: async () =>
          (
            db
              .prepare(
                "select count(*) as n from webhook_inbox where status in ('pending','processing')",
              )
              .get() as { n: number }
          ).n,
        inboxRows: async () =>
          (db.prepare('select count(*) as n from webhook_inbox').get() as { n: number }).n,
        close: async () => void db.close(),
      };
    }
    const pool = new pg.Pool({
      connectionString: TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
      max: 1,
    });
    const one = async (q: string) => Number((await pool.query<{ n: string }>(q)).rows[0]!.n);
    return {
      firstNames: async () =>
        new Map(
          (
            await pool.query<{ contact_id: string; first_name: string }>(
              'select contact_id, first_name from contacts',
            )
          ).rows.map((r) => [Number(r.contact_id), r.first_name]),
        ),
      unfinished: () =>
        one("select count(*) as n from webhook_inbox where status in ('pending','processing')"),
      inboxRows: () => one('select count(*) as n from webhook_inbox'),
      close: () => pool.end(),
    };
  }

  it('loses no acknowledged event and applies each once in effect across kill -9 and restarts', async () => {
    if (dialect === 'postgres') {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
    }
    // Each contact gets a sequence of first-name changes; the last one in time must win.
    const events = [];
    const expected = new Map<number, string>();
    for (let c = 1; c <= CONTACTS; c += 1) {
      for (let k = 1; k <= CHANGES_PER_CONTACT; k += 1) {
        events.push(
          hubspotEvent({
            objectId: c,
            propertyName: 'firstname',
            propertyValue: `v${k}-of-${c}`,
            occurredAt: 1_795_000_000_000 + c * 100 + k,
          }),
        );
      }
      expected.set(c, `v${CHANGES_PER_CONTACT}-of-${c}`);
    }
    // Redeliveries of 10% of the events with a later attempt number, all in shuffled order.
    const deliveries = shuffle(
      [
        ...events,
        ...events.filter((_, i) => i % 10 === 0).map((e) => ({ ...e, attemptNumber: 1 })),
      ],
      7,
    );
    const batches: string[] = [];
    for (let i = 0; i < deliveries.length; i += 20)
      batches.push(JSON.stringify(deliveries.slice(i, i + 20)));

    const ports =
      dialect === 'postgres' ? [await freePort(), await freePort()] : [await freePort()];
    let processes = await Promise.all(ports.map(start));
    const acked = new Set<number>();
    const killAt = new Set([
      Math.floor(batches.length * 0.3),
      Math.floor(batches.length * 0.6),
      Math.floor(batches.length * 0.85),
    ]);

    let sent = 0;
    for (let round = 0; acked.size < batches.length && round < 20; round += 1) {
      const pending = batches.map((_, i) => i).filter((i) => !acked.has(i));
      for (const chunk of Array.from({ length: Math.ceil(pending.length / 4) }, (_, k) =>
        pending.slice(k * 4, k * 4 + 4),
      )) {
        await Promise.all(
          chunk.map(async (i, n) => {
            const port = ports[(i + n) % ports.length]!;
            try {
              const response = await fetch(`http://127.0.0.1:${port}/webhooks/hubspot`, {
                method: 'POST',
                headers: signHubspotRequest(batches[i]!),
                body: batches[i]!,
              });
              if (response.status === 200) acked.add(i);
            } catch {
              // Not acknowledged: the sender (HubSpot) retries it later.
            }
          }),
        );
        sent += chunk.length;
        if ([...killAt].some((k) => sent >= k && sent - chunk.length < k)) {
          // Kill in the middle of traffic, the way a crash would: no shutdown, no flush.
          const victims =
            dialect === 'postgres' && sent > batches.length * 0.5 ? processes : [processes[0]!];
          for (const victim of victims) victim.kill('SIGKILL');
          await new Promise((resolve) => setTimeout(resolve, 200));
          processes = await Promise.all(
            ports.map((port, p) =>
              victims.includes(processes[p]!) ? start(port) : Promise.resolve(processes[p]!),
            ),
          );
        }
      }
    }
    expect(acked.size).toBe(batches.length);

    const view = mirror();
    try {
      for (let wait = 0; (await view.unfinished()) > 0 && wait < 600; wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await view.unfinished()).toBe(0);
      // One inbox row per distinct event: redeliveries and re-sent batches were deduplicated.
      expect(await view.inboxRows()).toBe(events.length);
      expect(await view.firstNames()).toEqual(expected);
    } finally {
      await view.close();
    }
  });
});
