/**
 * Write-back, alerts and the outbox sender, on the golden organization and a HubSpot behind nock:
 * only changed properties are sent, digests and handover tasks are created once, a failed batch is
 * retried alone and a permanent failure is kept with its reason.
 */
import nock from 'nock';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { createRecomputer } from '../../../src/analytics/recompute.js';
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { alertDigests } from '../../../src/jobs/alert-digests.js';
import { sendOutbox } from '../../../src/jobs/send-outbox.js';
import { startScheduler } from '../../../src/jobs/scheduler.js';
import { writeBack } from '../../../src/jobs/write-back.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { addFlaws, GOLDEN, seedCleanOrganization } from '../../helpers/golden-org.js';
import { HUBSPOT_API } from '../../helpers/fake-hubspot-portal.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const g = GOLDEN;
const gateway = () =>
  createHubspotGateway({
    accessToken: 'pat-na1-test-token',
    limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
    retry: { sleep: async () => undefined, random: () => 0.5, maxAttempts: 2 },
  });

describe.each(testDialects())('write-back, alerts and the outbox on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore(dialect);
    await seedCleanOrganization(t.store);
    await addFlaws(t.store);
    await runAudit(t.store, g.portalId, { asOf: g.now, now: g.now });
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.cleanup();
  });

  it('queues the computed properties of every contact and company once, then only what changed', async () => {
    const first = await writeBack(t.store, g.portalId, g.now);
    expect(first).toEqual({ checked: 4, changed: 4, messages: 2 });
    const [message, companies] = await t.store.outbox.claim(10, g.now, 1_000);
    expect(companies!.payload).toEqual({
      objectType: 'companies',
      inputs: [
        {
          id: String(g.contoso),
          properties: {
            rapport_relationship_strength: '60',
            rapport_threads: '1',
            rapport_risk: 'single_threaded',
            rapport_coverage: '100',
            rapport_key_person_concentration: '100',
            rapport_last_audited: new Date(g.now).toISOString(),
          },
        },
      ],
    });
    const chris = (
      message!.payload as { inputs: { id: string; properties: Record<string, string> }[] }
    ).inputs.find((i) => i.id === String(g.chris));
    expect(chris!.properties).toMatchObject({
      rapport_relationship_strength: '60',
      rapport_threads: '2',
      rapport_risk: '',
      rapport_hygiene_score: '100',
      rapport_last_audited: new Date(g.now).toISOString(),
    });
    expect(await writeBack(t.store, g.portalId, g.now + 1)).toEqual({
      checked: 4,
      changed: 0,
      messages: 0,
    });

    // Dana's owner Ben leaves: her risk changes, and only her properties are sent again.
    await t.store.transaction((repos) =>
      repos.owners.archiveByUserId(g.portalId, 1_000 + g.ben, g.now),
    );
    await createRecomputer({
      store: t.store,
      clock: fixedClock(g.now),
      log: silentLogger(),
    }).drain();
    const again = await writeBack(t.store, g.portalId, g.now + 2);
    expect(again.changed).toBeGreaterThanOrEqual(1);
    expect(again.changed).toBeLessThan(4);
  });

  it('creates one digest task per owner per day and handover tasks, never twice', async () => {
    const first = await alertDigests(t.store, g.portalId, g.now + 60_000);
    expect(first.digests).toBeGreaterThan(0);
    expect(await alertDigests(t.store, g.portalId, g.now + 120_000)).toEqual({
      digests: 0,
      handovers: 0,
      completed: 0,
      updated: 0,
    });
    const messages = await t.store.outbox.claim(100, g.now + 200_000, 1_000);
    const ana = messages.find((m) => m.dedupeKey === `digest:${g.ana}:2026-01-01`);
    expect(ana?.payload).toMatchObject({
      ownerId: g.ana,
      subject: expect.stringMatching(/^Rapport: \d+ new data-hygiene findings?$/),
    });
    expect((ana?.payload as { body: string }).body).toContain('Same email address as contact 101');
    // Ana is also the Manager of the Network: her summary counts every new finding by rule.
    const summary = messages.find((m) => m.dedupeKey === `digest-summary:${g.ana}:2026-01-01`);
    expect(summary?.payload).toMatchObject({
      ownerId: g.ana,
      subject: expect.stringMatching(
        /^Rapport: \d+ new data-hygiene findings? across the organization$/,
      ),
    });
    expect((summary?.payload as { body: string }).body).toMatch(/^By rule:\n• .+: \d+/);

    // HubSpot created the task; once every finding it lists is resolved, it is completed, once.
    await t.store.outbox.markSent([{ id: ana!.id, remoteId: '7001' }], g.now + 300_000);
    const listed = (ana!.payload as { findings: string[] }).findings;
    await t.store.findings.resolve(g.portalId, listed, g.now + 400_000);
    const later = await alertDigests(t.store, g.portalId, g.now + 86_400_000 + 500_000);
    expect(later.completed).toBe(1);
    expect((await alertDigests(t.store, g.portalId, g.now + 86_400_000 + 600_000)).completed).toBe(
      0,
    );
    const [completion] = (await t.store.outbox.claim(100, g.now + 90_000_000, 1_000)).filter(
      (m) => m.kind === 'complete_task',
    );
    expect(completion).toMatchObject({
      dedupeKey: `done:digest:${g.ana}:2026-01-01`,
      payload: { taskId: '7001' },
    });
  });

  it('alerts every owner however many findings a day opens: none is dropped for want of reading', async () => {
    // Yesterday’s alerts sent: what follows is the next day’s.
    await alertDigests(t.store, g.portalId, g.now + 60_000);
    const at = g.now + 86_400_000 + 3_600_000;
    const ownerless = (objectId: number, alertOwnerId: number) => ({
      ruleId: 'ownerless',
      objectType: 'contact' as const,
      objectId,
      severity: 'medium' as const,
      alertOwnerId,
      message: `Contact ${objectId} has no owner`,
      details: { fixHint: 'assign an owner' },
    });
    const open = (ids: number[], alertOwnerId: number) =>
      t.store.transaction((repos) =>
        repos.findings.reconcile(
          g.portalId,
          {
            ruleIds: ['ownerless'],
            objectType: 'contact',
            range: { from: ids[0] ?? 0, to: ids.at(-1) ?? 0 },
          },
          ids.map((id) => ownerless(id, alertOwnerId)),
          at,
        ),
      );
    // Ben's one finding first, then more than a hundred thousand for the Manager of the Network:
    // Ben's is the oldest of the day's, which a read of the newest 100,000 left out.
    await open([900_000], g.ben);
    const many = Array.from({ length: 100_050 }, (_, i) => 1_000_000 + i);
    expect((await open(many, g.ana)).opened).toBe(many.length);

    expect((await alertDigests(t.store, g.portalId, at + 60_000)).digests).toBe(3);
    const messages = await t.store.outbox.claim(100, at + 120_000, 1_000);
    const day = new Date(at).toISOString().slice(0, 10);
    const payload = (key: string) =>
      messages.find((m) => m.dedupeKey === key)?.payload as
        { subject: string; body: string; findings: string[] } | undefined;
    const ben = payload(`digest:${g.ben}:${day}`);
    expect(ben?.subject).toBe('Rapport: 1 new data-hygiene finding');
    expect(ben?.findings).toEqual(['ownerless:contact:900000']);
    expect(ben?.body).toBe('• Contact 900000 has no owner (contact 900000) — assign an owner');
    const ana = payload(`digest:${g.ana}:${day}`);
    expect(ana?.subject).toBe(`Rapport: ${many.length} new data-hygiene findings`);
    expect(ana?.findings).toHaveLength(many.length);
    // The newest first, 25 of them spelled out.
    expect(ana?.body.split('\n')[0]).toBe(
      '• Contact 1100049 has no owner (contact 1100049) — assign an owner',
    );
    expect(ana?.body.split('\n').at(-1)).toBe(`…and ${many.length - 25} more in Rapport.`);
    const summary = payload(`digest-summary:${g.ana}:${day}`);
    expect(summary?.subject).toBe(
      `Rapport: ${many.length + 1} new data-hygiene findings across the organization`,
    );
  }, 60_000);

  it('owes each alert in the transaction that opens its finding: both commit or neither', async () => {
    await alertDigests(t.store, g.portalId, g.now + 60_000); // the audit's own digests
    const finding = {
      ruleId: 'contact_missing_required',
      objectType: 'contact' as const,
      objectId: g.chris,
      severity: 'medium' as const,
      alertOwnerId: g.ben,
      message: 'Job title is missing',
      details: { fixHint: 'Fill in the job title' },
    };
    const scope = { ruleIds: ['contact_missing_required'], objectType: 'contact' as const };
    const later = g.now + 86_400_000;
    // A crash inside the transaction: neither the finding nor its alert remains.
    await expect(
      t.store.transaction(async (repos) => {
        await repos.findings.reconcile(g.portalId, { ...scope, ids: [g.chris] }, [finding], later);
        throw new Error('the process died here');
      }),
    ).rejects.toThrow('the process died here');
    expect(await t.store.outbox.held(g.portalId)).toEqual([]);
    expect(await t.store.findings.openOn(g.portalId, 'contact', [g.chris])).toEqual([]);

    // Committed: the alert is owed with it, and survives a restart before the digest job runs.
    await t.store.transaction((repos) =>
      repos.findings.reconcile(g.portalId, { ...scope, ids: [g.chris] }, [finding], later),
    );
    expect((await t.store.outbox.held(g.portalId)).map((h) => h.key)).toEqual(
      expect.arrayContaining([`digest:${g.ben}`, 'digest-summary']),
    );
    expect(await t.store.outbox.held(g.portalId)).toHaveLength(2);
    const restarted = await t.reopen();
    try {
      const sent = await alertDigests(restarted.store, g.portalId, later + 60_000);
      expect(sent.digests).toBe(2);
      expect((await alertDigests(restarted.store, g.portalId, later + 120_000)).digests).toBe(0);
      const ben = (await restarted.store.outbox.claim(100, later + 200_000, 1_000)).find(
        (m) => m.dedupeKey === `digest:${g.ben}:2026-01-02`,
      );
      expect(ben?.payload).toMatchObject({
        ownerId: g.ben,
        findings: [`contact_missing_required:contact:${g.chris}`],
      });
    } finally {
      await restarted.store.close();
    }
  });

  it('sends batches to HubSpot, retries a failed batch alone, and keeps a permanent failure with its reason', async () => {
    await writeBack(t.store, g.portalId, g.now);
    await t.store.outbox.enqueue(
      [
        {
          portalId: g.portalId,
          kind: 'create_task',
          dedupeKey: 'task-1',
          payload: { ownerId: g.ana, contactId: g.chris, subject: 'Call Chris', body: 'Soon.' },
        },
        {
          portalId: g.portalId,
          kind: 'set_property',
          dedupeKey: 'fix-1',
          payload: {
            objectType: 'contact',
            objectId: g.eve,
            property: 'hubspot_owner_id',
            value: g.ana,
          },
        },
        { portalId: g.portalId, kind: 'mystery', dedupeKey: 'odd-1', payload: {} },
      ],
      g.now,
    );
    const updates: unknown[] = [];
    const api = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', (body) => (updates.push(body), true))
      .times(2)
      .reply(200, {
        status: 'COMPLETE',
        results: [],
        startedAt: '2026-01-01T00:00:00Z',
        completedAt: '2026-01-01T00:00:01Z',
      })
      .post('/crm/v3/objects/companies/batch/update')
      .reply(200, {
        status: 'COMPLETE',
        results: [],
        startedAt: '2026-01-01T00:00:00Z',
        completedAt: '2026-01-01T00:00:01Z',
      })
      .post('/crm/v3/objects/tasks/batch/create', (body) => {
        expect(body.inputs[0]).toMatchObject({
          properties: {
            hs_task_subject: 'Call Chris',
            hubspot_owner_id: String(g.ana),
            hs_task_status: 'NOT_STARTED',
          },
          associations: [
            {
              to: { id: String(g.chris) },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        });
        return true;
      })
      .times(2)
      .reply(503, { status: 'error', message: 'unavailable', category: 'SERVICE_UNAVAILABLE' });
    const report = await sendOutbox(t.store, gateway(), fixedClock(g.now), silentLogger());
    expect(report).toEqual({ sent: 3, retried: 1, failed: 1 });
    expect(api.isDone()).toBe(true);
    expect(updates).toHaveLength(2);
    expect(await t.store.outbox.counts()).toMatchObject({ sent: 3, pending: 1, failed: 1 });
    expect((await t.store.outbox.list('failed', 5))[0]).toMatchObject({
      kind: 'mystery',
      lastError: expect.stringContaining('malformed'),
    });

    // Later the task goes through and HubSpot's id is kept. A retry first asks whether the lost
    // attempt created it after all (HubSpot has none: a 503 creates nothing).
    nock(HUBSPOT_API)
      .post('/crm/v3/objects/tasks/search', (body) => {
        expect(body.filterGroups[0].filters).toEqual(
          expect.arrayContaining([
            { propertyName: 'hubspot_owner_id', operator: 'EQ', value: String(g.ana) },
            { propertyName: 'hs_task_subject', operator: 'EQ', value: 'Call Chris' },
          ]),
        );
        return true;
      })
      .reply(200, { total: 0, results: [] })
      .post('/crm/v3/objects/tasks/batch/create')
      .reply(201, {
        status: 'COMPLETE',
        results: [
          {
            id: '9001',
            properties: {},
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ],
      });
    expect(
      await sendOutbox(t.store, gateway(), fixedClock(g.now + 3_600_000), silentLogger()),
    ).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await t.store.outbox.counts()).toMatchObject({ sent: 4 });
  });
});

it('creates a Networking Role for "I know this person", associated with the contact', async () => {
  const t = await makeTestStore('sqlite');
  try {
    await t.store.outbox.enqueue(
      [
        {
          portalId: 1,
          kind: 'create_role',
          dedupeKey: 'role-1',
          payload: { kind: 'networker', ownerId: 11, contactId: 101 },
        },
      ],
      g.now,
    );
    let created: unknown;
    nock(HUBSPOT_API)
      .get('/crm/v4/associations/p_networking_role/contacts/labels')
      .reply(200, { results: [{ category: 'USER_DEFINED', typeId: 77, label: null }] })
      .post('/crm/v3/objects/p_networking_role/batch/create', (body) => ((created = body), true))
      .reply(201, { status: 'COMPLETE', results: [{ id: '555', properties: {} }] });
    expect(await sendOutbox(t.store, gateway(), fixedClock(g.now), silentLogger())).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(created).toEqual({
      inputs: [
        {
          properties: { role_kind: 'networker', networker_owner_id: '11' },
          associations: [
            {
              to: { id: '101' },
              types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 77 }],
            },
          ],
        },
      ],
    });
  } finally {
    nock.cleanAll();
    await t.cleanup();
  }
});

describe.each(testDialects())('scheduled firings on %s', (dialect) => {
  it('are claimed by one process only, however many race for them', async () => {
    const t = await makeTestStore(dialect);
    const other = await t.reopen();
    try {
      const key = 'audit::2026-01-01T02:00:00.000Z';
      const claims = await Promise.all([
        t.store.jobs.claim(key, 'a', 1),
        other.store.jobs.claim(key, 'b', 1),
        t.store.jobs.claim(key, 'c', 1),
        other.store.jobs.claim(key, 'd', 1),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await t.store.jobs.claim('audit::2026-01-02T02:00:00.000Z', 'b', 2)).toBe(true);
    } finally {
      await other.store.close();
      await t.cleanup();
    }
  });
});

describe('the scheduler', () => {
  it('schedules every job on the settings’ patterns, leaving out HubSpot jobs without a token', async () => {
    const t = await makeTestStore('sqlite');
    try {
      const ctx = {
        store: t.store,
        gateway: undefined,
        clock: fixedClock(g.now),
        log: silentLogger(),
        portalIds: async () => [],
      };
      const without = startScheduler(ctx);
      expect(without.tasks.map((task) => [task.name, task.getPattern()])).toEqual([
        ['audit', '0 2 * * *'],
        ['snapshots', '0 3 1 * *'],
        ['digests', '0 7 * * 1-5'],
        ['inbox-pruning', '30 3 * * *'],
      ]);
      await without.stop();
      const withToken = startScheduler({ ...ctx, gateway: gateway() });
      expect(withToken.tasks.map((task) => task.name)).toContain('outbox');
      expect(withToken.tasks.map((task) => task.name)).toContain('reconciliation');
      await withToken.stop();
    } finally {
      await t.cleanup();
    }
  });
});
