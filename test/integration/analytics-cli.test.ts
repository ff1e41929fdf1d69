import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.js';

/** `rapport audit` and `rapport ror` on a small demo organization, as an operator runs them. */
describe('rapport audit and rapport ror', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-audit-'));
  const env = { RAPPORT_DATA_DIR: dataDir };

  beforeAll(async () => {
    const seeded = await runCli(
      [
        'seed-demo',
        '--contacts',
        '400',
        '--companies',
        '50',
        '--touches',
        '6000',
        '--deals',
        '80',
        '--as-of',
        '2026-11-01',
      ],
      env,
    );
    expect(seeded.code).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints the rule table, the risks, the KPIs and the handovers, with progress on stderr', async () => {
    const result = await runCli(['audit', '--as-of', '2026-11-01'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Audit of portal 99990001 as of 2026-11-01: 400 contacts/);
    expect(result.stdout).toMatch(
      /contact_malformed_email\s+Malformed email address\s+hygiene\s+medium\s+\d+/,
    );
    expect(result.stdout).toContain('Risks among key stakeholders:');
    expect(result.stdout).toContain('Healthcare Partners');
    expect(result.stdout).toMatch(/Handover of .+ relationships carried/);
    expect(result.stdout).toContain('Snapshot written for 2026-11.');
    expect(result.stderr).toContain('contacts: 400/400');
  }, 60_000);

  it('gives the whole report as JSON', async () => {
    const result = await runCli(['audit', '--as-of', '2026-11-01', '--json', '--no-snapshot'], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      contacts: number;
      findings: { open: number };
      snapshotPeriod: string | null;
    };
    expect(report.contacts).toBe(400);
    expect(report.findings.open).toBeGreaterThan(0);
    expect(report.snapshotPeriod).toBeNull();
  }, 60_000);

  it('computes a team’s RoR with its components and the deals behind it', async () => {
    const result = await runCli(
      ['ror', '--team', 'healthcare partners', '--from', '2025-11-01', '--to', '2026-11-01'],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Return-on-Relationship of Healthcare Partners, 2025-11-01 to 2026-11-01: /,
    );
    expect(result.stdout).toMatch(/total return\s+[\d,.]+/);
    expect(result.stdout).toMatch(/total investment\s+[\d,.]+/);
    const json = JSON.parse(
      (await runCli(['ror', '--team', 'Healthcare Partners', '--json', '--expand'], env)).stdout,
    ) as { return: { total: number }; touches: unknown[]; networkers: number[] };
    expect(json.networkers.length).toBeGreaterThan(0);
    expect(Array.isArray(json.touches)).toBe(true);
  }, 60_000);

  it.each([
    [
      ['ror', '--team', 'Nope'],
      /^rapport: no Networking Team called "Nope" — teams: Public Sector Alliances;/,
    ],
    [['ror', '--from', '2026-02-30'], /^rapport: --from must be a date like 2026-11-28/],
    [['ror', '--from', '2026-11-01', '--to', '2026-01-01'], /^rapport: --from must be before --to/],
    [
      ['audit', '--portal-id', '42'],
      /^rapport: portal 42 is not in SQLite .* — known portals: 99990001/,
    ],
  ])(
    'refuses %j with a clear line and exit 1',
    async (args, message) => {
      const result = await runCli(args, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    },
    30_000,
  );

  it('lists the scheduled jobs with their next runs, runs one now, and records it', async () => {
    const ran = await runCli(['jobs', 'run', 'digests'], env);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /^digests: \{"99990001":\{"digests":\d+,"handovers":\d+,"completed":0,"updated":0\}\}/m,
    );
    const list = await runCli(['jobs', '--json'], env);
    const jobs = JSON.parse(list.stdout) as {
      job: string;
      pattern: string;
      lastOk: boolean | null;
      nextRun: number | null;
    }[];
    expect(jobs.map((j) => j.job)).toEqual([
      'audit',
      'snapshots',
      'reconciliation',
      'digests',
      'inbox-pruning',
      'outbox',
    ]);
    expect(jobs.find((j) => j.job === 'digests')).toMatchObject({
      pattern: '0 7 * * 1-5',
      lastOk: true,
    });
    expect(jobs.every((j) => j.nextRun !== null && j.nextRun > Date.now())).toBe(true);
    const unknown = await runCli(['jobs', 'run', 'nope'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^rapport: no job called "nope" — jobs: audit, snapshots/);
  }, 60_000);

  it('says what to do on an empty store', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-empty-'));
    const result = await runCli(['audit'], { RAPPORT_DATA_DIR: empty });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/holds no portal yet — run `rapport seed-demo`/);
    fs.rmSync(empty, { recursive: true, force: true });
  }, 30_000);
});
