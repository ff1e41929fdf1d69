/**
 * Write-back and alerts end to end against the local fake HubSpot: the computed properties land
 * on HubSpot's contacts and companies and an unchanged audit sends nothing; a digest task is
 * created once across a crash and a 5xx retry, updated when some of its findings are resolved and
 * completed when all are.
 */
import { runAudit } from '../../../src/analytics/run-audit.js';
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { alertDigests } from '../../../src/jobs/alert-digests.js';
import { sendOutbox } from '../../../src/jobs/send-outbox.js';
import { writeBack } from '../../../src/jobs/write-back.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { MemoryRecords } from '../../fake-hubspot/records.js';
import { startFakeHubspot, type FakeHubspot } from '../../fake-hubspot/server.js';
import { addFlaws, GOLDEN as g, seedCleanOrganization } from '../../helpers/golden-org.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

describe('write-back and alerts against the fake HubSpot', () => {
  let t: TestStore;
  let hubspot: FakeHubspot;
  let records: MemoryRecords;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
    await seedCleanOrganization(t.store);
    await addFlaws(t.store);
    await runAudit(t.store, g.portalId, { asOf: g.now, now: g.now });
    records = new MemoryRecords();
    for (const id of [g.chris, g.dana, g.eve]) records.add('contacts', id, {});
    records.add('companies', g.contoso, { name: 'Contoso' });
    hubspot = await startFakeHubspot({ records, token: 'pat' });
  });
  afterEach(async () => {
    await hubspot.close();
    await t.cleanup();
  });

  const send = (at: number, store = t.store) =>
    sendOutbox(
      store,
      createHubspotGateway({
        accessToken: 'pat',
        basePath: hubspot.url,
        retry: { maxAttempts: 1 },
      }),
      fixedClock(at),
      silentLogger(),
    );
  const updates = () =>
    Object.entries(hubspot.stats().byRoute)
      .filter(([route]) => route.endsWith('/batch/update'))
      .reduce((n, [, c]) => n + c, 0);

  it('writes the computed properties to contacts and companies, and only changes after that', async () => {
    await writeBack(t.store, g.portalId, g.now);
    expect(await send(g.now)).toMatchObject({ sent: 2, failed: 0 });
    expect(records.get('contacts', String(g.chris))?.properties).toMatchObject({
      rapport_relationship_strength: '60',
      rapport_threads: '2',
      rapport_last_audited: new Date(g.now).toISOString(),
    });
    expect(records.get('companies', String(g.contoso))?.properties).toMatchObject({
      rapport_coverage: '100',
      rapport_risk: 'single_threaded',
    });
    const before = updates();
    await runAudit(t.store, g.portalId, { asOf: g.now, now: g.now + 1_000 });
    await writeBack(t.store, g.portalId, g.now + 1_000);
    expect(await send(g.now + 1_000)).toMatchObject({ sent: 0 });
    expect(updates()).toBe(before);
  });

  it('creates each digest once across a crash and a failed send, then updates and completes it', async () => {
    const at = g.now + 60_000;
    const first = await alertDigests(t.store, g.portalId, at);
    expect(first.digests).toBeGreaterThan(0);
    // The process dies after queueing; another starts over on the same store.
    const restarted = await t.reopen();
    try {
      expect((await alertDigests(restarted.store, g.portalId, at + 1_000)).digests).toBe(0);
      hubspot.burst(1, 503, /\/crm\/v3\/objects\/tasks\/batch\/create/);
      expect(await send(at + 2_000, restarted.store)).toMatchObject({ retried: first.digests });
      expect(records.all('tasks')).toHaveLength(0);
      expect(await send(at + 3_600_000, restarted.store)).toMatchObject({ sent: first.digests });
      expect(await send(at + 7_200_000, restarted.store)).toMatchObject({ sent: 0 });
    } finally {
      await restarted.store.close();
    }
    const tasks = records.all('tasks');
    expect(tasks).toHaveLength(first.digests);

    // Ana's digest: resolve all but one of its findings, then the last.
    const [message] = (await t.store.outbox.sentWithPrefix(g.portalId, `digest:${g.ana}:`)) ?? [];
    const listed = (message!.payload as { findings: string[] }).findings;
    const task = () => records.get('tasks', message!.remoteId!)!.properties;
    expect(listed.length).toBeGreaterThan(1);
    await t.store.findings.resolve(g.portalId, listed.slice(1), at + 4_000_000);
    expect((await alertDigests(t.store, g.portalId, at + 4_100_000)).updated).toBe(1);
    await send(at + 4_200_000);
    expect(task()['hs_task_subject']).toBe('Rapport: 1 data-hygiene finding still open');
    expect(task()['hs_task_body']).toContain(`${listed.length - 1} of ${listed.length} resolved`);
    expect((await alertDigests(t.store, g.portalId, at + 4_300_000)).updated).toBe(0);
    await t.store.findings.resolve(g.portalId, listed, at + 5_000_000);
    expect((await alertDigests(t.store, g.portalId, at + 5_100_000)).completed).toBe(1);
    await send(at + 5_200_000);
    expect(task()['hs_task_status']).toBe('COMPLETED');
  });

  it('does not create a task twice when HubSpot created it but the answer was lost', async () => {
    const at = g.now + 60_000;
    const { digests } = await alertDigests(t.store, g.portalId, at);
    expect(digests).toBeGreaterThan(1);
    // HubSpot creates the tasks, then the answer times out: the sender cannot know they exist.
    hubspot.burst(1, 504, /\/crm\/v3\/objects\/tasks\/batch\/create/, { afterWork: true });
    expect(await send(at + 1_000)).toMatchObject({ retried: digests });
    expect(records.all('tasks')).toHaveLength(digests);
    // The retry finds each task by owner, subject and creation time instead of creating it again.
    expect(await send(at + 3_600_000)).toMatchObject({ sent: digests });
    expect(records.all('tasks')).toHaveLength(digests);
    const sent = await t.store.outbox.sentWithPrefix(g.portalId, 'digest');
    expect(new Set(sent.map((m) => m.remoteId))).toEqual(
      new Set(records.all('tasks').map((task) => task.id)),
    );
  });
});
