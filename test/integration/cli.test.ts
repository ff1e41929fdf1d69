import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open-store.js';
import { collect, runCli, spawnCli, waitForOutput } from '../helpers/run-cli.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
}

/** Bad input at start: one line naming the problem and the fix, a non-zero exit, nothing written. */
describe('rapport CLI', () => {
  it.each(['serve', 'migrate', 'seed-demo'])('explains `%s --help`', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: rapport ${command}`);
  });

  it('rejects a malformed DATABASE_URL before touching any store', async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres//oops',
      RAPPORT_DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')[0]).toBe('rapport: invalid configuration (1 problem):');
    expect(result.stderr).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(result.stderr).toContain('unset DATABASE_URL to use the embedded SQLite store');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('says PostgreSQL is unreachable and how to fix it', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^rapport: cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none \(ECONNREFUSED\) — start PostgreSQL or fix DATABASE_URL/,
    );
  });

  it('names an unwritable data folder', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const result = await runCli(['migrate'], { RAPPORT_DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^rapport: the data folder .*a-file is not writable \((EEXIST|ENOTDIR)\) — set RAPPORT_DATA_DIR/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a store written by a newer Rapport and leaves it unchanged', async () => {
    const dataDir = tempDir();
    expect((await runCli(['migrate'], { RAPPORT_DATA_DIR: dataDir })).stdout).toContain(
      'applied 0001-initial, 0002-dead-letters',
    );
    const file = path.join(dataDir, 'rapport.sqlite');
    const db = new Database(file);
    db.exec(
      "insert into kysely_migration (name, timestamp) values ('9999-future', '2031-01-01T00:00:00.000Z')",
    );
    db.close();
    const result = await runCli(['serve'], { RAPPORT_DATA_DIR: dataDir, PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'rapport: the store was created by a newer Rapport version (unknown migration 9999-future) — upgrade Rapport, or point RAPPORT_DATA_DIR / DATABASE_URL at another store',
    );
    const after = new Database(file, { readonly: true });
    expect(after.prepare('select count(*) as n from portals').get()).toEqual({ n: 0 });
    after.close();
  });

  it('names a port that is already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['serve'], {
        RAPPORT_DATA_DIR: tempDir(),
        PORT: String(port),
        RAPPORT_DEMO: 'off',
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `rapport: port ${port} on 127.0.0.1 is already in use — stop the other process or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('says what to configure before talking to HubSpot', async () => {
    const setup = await runCli(['hubspot', 'setup', '--dry-run'], { RAPPORT_DATA_DIR: tempDir() });
    expect(setup.code).toBe(1);
    expect(setup.stderr.trim()).toBe(
      "rapport: no HubSpot access token is configured — set HUBSPOT_ACCESS_TOKEN (and HUBSPOT_PORTAL_ID) from your app's Auth tab; see docs/hubspot.md",
    );
    const project = await runCli(['hubspot', 'project', '--out', path.join(tempDir(), 'p')]);
    expect(project.code).toBe(1);
    expect(project.stderr.trim()).toBe(
      'rapport: no public base URL to put into the project — set RAPPORT_PUBLIC_BASE_URL=https://… or pass --base-url',
    );
  });

  it('lists, inspects and replays dead letters with `rapport inbox`', async () => {
    const dataDir = tempDir();
    const { store } = await openStore({
      kind: 'sqlite',
      file: path.join(dataDir, 'rapport.sqlite'),
      synchronous: 'NORMAL',
    });
    const payload = JSON.stringify({
      eventId: 1,
      subscriptionType: 'object.creation',
      objectId: 42,
    });
    await store.inbox.append(
      [
        {
          portalId: 7,
          dedupeKey: 'k1',
          subscriptionType: 'object.creation',
          objectId: 42,
          occurredAt: 1_795_000_000_000,
          payload,
        },
      ],
      1_795_000_000_000,
    );
    const [claimed] = await store.inbox.claim(1, 1_795_000_000_000, 1_000);
    await store.deadLetters.add(
      claimed!.id,
      'no HubSpot access token is configured',
      1_795_000_000_500,
    );
    await store.close();
    const env = { RAPPORT_DATA_DIR: dataDir };
    expect((await runCli(['inbox'], env)).stdout).toContain('dead letters: 1');
    const list = await runCli(['inbox', 'list'], env);
    expect(list.stdout).toMatch(
      /#1 {2}2026-\S+ {2}object\.creation {2}object 42 {2}attempts 1\n {6}no HubSpot access token is configured/,
    );
    expect(JSON.parse((await runCli(['inbox', 'inspect', '1'], env)).stdout)).toMatchObject({
      id: 1,
      payload: { eventId: 1, objectId: 42 },
    });
    expect((await runCli(['inbox', 'replay', '1'], env)).stdout).toBe('#1 is pending again\n');
    expect((await runCli(['inbox'], env)).stdout).toContain('inbox: pending 1');
    const missing = await runCli(['inbox', 'inspect', '99'], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      1,
      'rapport: no dead letter #99 — see `rapport inbox list` for ids',
    ]);
  });

  it('rejects a bad seed-demo option with the reason', async () => {
    const result = await runCli(['seed-demo', '--contacts', 'many'], {
      RAPPORT_DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('rapport: --contacts must be a whole number, got "many"');
  });

  it('seeds a demo organization of the asked size with progress lines', async () => {
    const result = await runCli(
      [
        'seed-demo',
        '--contacts',
        '200',
        '--companies',
        '30',
        '--touches',
        '2000',
        '--deals',
        '20',
        '--networkers',
        '12',
        '--portal-id',
        '5',
        '--json',
      ],
      { RAPPORT_DATA_DIR: tempDir() },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('contacts: 200/200 (100%)');
    const report = JSON.parse(result.stdout) as {
      portalId: number;
      stats: { contacts: number; owners: number };
    };
    expect(report).toMatchObject({ portalId: 5, stats: { contacts: 200, owners: 12 } });
  });

  it('serves, shows the demo organization, and shuts down cleanly on SIGTERM', async () => {
    const child = spawnCli(['serve'], { RAPPORT_DATA_DIR: tempDir(), PORT: '0' });
    const done = collect(child);
    const summary = await waitForOutput(child, /ready: (http:\/\/\S+)\/readyz/);
    const url = /running at (http:\/\/\S+)/.exec(summary)?.[1];
    expect(summary).toContain('Northwind Partners (demo) (seeded now)');
    expect(summary).toMatch(/50 networkers \(3 departed\), 3,000 contacts, 400 companies/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"stopped"');
  });
});
