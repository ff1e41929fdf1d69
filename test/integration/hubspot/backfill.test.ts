/**
 * The backfill against the local fake HubSpot (an Express app with HubSpot's paging, limits,
 * 429s, 5xx and latency; HubSpot's clock run 10× faster so the test takes seconds): stopped
 * part-way and resumed, it copies every record exactly once, reads none twice, stays within 10%
 * of the fewest calls its paths need, and rides out a 5xx burst and the rate limits.
 */
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { backfill, type BackfillProgress } from '../../../src/ingest/backfill.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { MemoryRecords } from '../../fake-hubspot/records.js';
import {
  startFakeHubspot,
  type FakeHubspot,
  type FakeHubspotOptions,
} from '../../fake-hubspot/server.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 4_321;
const SCALE = 10;
const LIMITS = { requestsPer10s: 100, searchesPerSecond: 5, timeScale: SCALE };
const stamp = '2025-06-01T10:00:00.000Z';

/** The fake HubSpot over this portal, at a Starter app's limits and HubSpot's latency. */
const startHubspot = (options: Partial<FakeHubspotOptions> = {}) =>
  startFakeHubspot({
    records: portalRecords(),
    requestsPer10s: LIMITS.requestsPer10s,
    searchesPerSecond: LIMITS.searchesPerSecond,
    latencyMs: [150, 400],
    timeScale: SCALE,
    token: 'pat-na1-test',
    ...options,
  });

function portalRecords(): MemoryRecords {
  const records = new MemoryRecords(stamp);
  records.addOwner({
    id: 11,
    userId: 9011,
    email: 'ana@org.example',
    firstName: 'Ana',
    lastName: 'Lopez',
  });
  records.addOwner({
    id: 12,
    userId: 9012,
    email: 'ben@org.example',
    firstName: 'Ben',
    lastName: 'Okafor',
  });
  records.addOwner({
    id: 13,
    userId: 9013,
    email: 'gone@org.example',
    firstName: 'Gone',
    lastName: 'Away',
    archived: true,
  });
  records.add('companies', 500, { name: 'Contoso', domain: 'contoso.example' });
  for (let i = 0; i < 10_000; i += 1) {
    const id = 10_000 + i;
    records.add('contacts', id, {
      email: `p${i}@contoso.example`,
      firstname: 'Pat',
      lastname: `N${i}`,
      hubspot_owner_id: i % 2 === 0 ? '11' : '12',
    });
    records.associate('contacts', String(id), 'companies', '500');
  }
  for (let i = 0; i < 1_500; i += 1) {
    const id = 70_000 + i;
    records.add('calls', id, {
      hs_timestamp: '2025-06-01T09:00:00.000Z',
      hubspot_owner_id: '11',
      hs_call_direction: 'OUTBOUND',
    });
    records.associate('calls', String(id), 'contacts', String(10_000 + i));
  }
  return records;
}

describe('rapport hubspot backfill against the fake HubSpot', () => {
  let t: TestStore;
  let hubspot: FakeHubspot;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
    hubspot = await startHubspot();
  });
  afterEach(async () => {
    await hubspot.close();
    await t.cleanup();
  });

  const gateway = () =>
    createHubspotGateway({
      accessToken: 'pat-na1-test',
      basePath: hubspot.url,
      limits: LIMITS,
      retry: {
        baseDelayMs: 20,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / SCALE)),
      },
    });

  /** A backfill run and the contacts it has written so far, as its progress reports them. */
  const resumable = () => {
    const progress: BackfillProgress[] = [];
    const run = (shouldStop: () => boolean) =>
      backfill({
        store: t.store,
        gateway: gateway(),
        clock: fixedClock(Date.UTC(2026, 0, 1)),
        portalId: PORTAL,
        limits: LIMITS,
        shouldStop,
        onProgress: (p) => progress.push(p),
      });
    const contactsIn = () => progress.filter((p) => p.step === 'contacts').at(-1)?.records ?? 0;
    return { progress, run, contactsIn };
  };

  it('resumes where it stopped and copies every one of 10,000 contacts once', async () => {
    const { progress, run, contactsIn } = resumable();

    // Stop once 3,000 contacts are in (as Ctrl-C would): every batch in hand is still written.
    const first = await run(() => contactsIn() >= 3_000);
    expect(first.stopped).toBe(true);
    const stoppedAt = await t.store.contacts.count(PORTAL);
    expect(stoppedAt).toBeGreaterThanOrEqual(3_000);
    expect(stoppedAt).toBeLessThan(10_000);
    expect(first.steps.find((s) => s.objectType === 'contacts')?.records).toBe(stoppedAt);

    const second = await run(() => false);
    expect(second.stopped).toBe(false);
    expect(second.steps.every((s) => s.done)).toBe(true);
    expect(await t.store.contacts.count(PORTAL)).toBe(10_000);
    expect(await t.store.companies.contactIds(PORTAL, 500)).toHaveLength(10_000);
    expect(await t.store.touches.forContacts(PORTAL, [10_000])).toEqual([
      expect.objectContaining({ touchId: 70_000, type: 'call', ownerId: 11 }),
    ]);
    expect(
      (await t.store.owners.list(PORTAL, { includeArchived: true })).map((o) => [
        o.ownerId,
        o.archived,
      ]),
    ).toEqual([
      [11, false],
      [12, false],
      [13, true],
    ]);

    // Exports are not granted here: contacts were read from both ends, list pages climbing and
    // search pages descending, and each record was written once across both runs. HubSpot served
    // some twice only where the two ends met, one page in flight on each side at most (the
    // probes read one or two records per type).
    expect(second.steps.find((s) => s.objectType === 'contacts')).toMatchObject({
      path: 'converge',
      records: 10_000,
    });
    const stats = hubspot.stats();
    expect(stats.byRoute['GET /crm/v3/objects/contacts']).toBeGreaterThan(10);
    expect(stats.byRoute['POST /crm/v3/objects/contacts/search']).toBeGreaterThan(10);
    expect(stats.recordsServed['contacts']).toBeLessThanOrEqual(10_000 + 2 + 100 + 200);
    expect(stats.recordsServed['calls']).toBeLessThanOrEqual(1_500 + 2 + 100 + 200);
    // The report counts the calls of both runs: all of them, within 10% of the fewest the counts
    // need, besides the size probes the plan is made from (one or two per CRM type).
    expect(second.calls).toBe(stats.calls - stats.rateLimited);
    expect(second.calls - second.probeCalls).toBeLessThanOrEqual(
      Math.ceil(second.minimumCalls * 1.1),
    );
    expect(second.probeCalls).toBeLessThanOrEqual(2 * 7);
    // The estimate of time left follows the limits and reaches zero.
    const etas = progress.filter((p) => p.etaSeconds !== undefined).map((p) => p.etaSeconds!);
    expect(etas.length).toBeGreaterThan(10);
    expect(etas.at(-1)).toBe(0);
    expect(await t.store.dirty.count(PORTAL)).toBe(0);
  });

  it('still copies every contact when list pages do not come in id order', async () => {
    await hubspot.close();
    hubspot = await startHubspot({ listOutOfOrder: true });
    const report = await resumable().run(() => false);
    expect(report.steps.every((s) => s.done)).toBe(true);
    expect(await t.store.contacts.count(PORTAL)).toBe(10_000);
    expect(await t.store.companies.contactIds(PORTAL, 500)).toHaveLength(10_000);
    // The first page out of order stopped the search end: the list read everything.
    const stats = hubspot.stats();
    expect(stats.byRoute['POST /crm/v3/objects/contacts/search'] ?? 0).toBeLessThanOrEqual(4);
  });

  it('rides out a burst of 5xx and stays under the rate limits', async () => {
    hubspot.burst(3, 502, /\/crm\/v3\/objects\/contacts/);
    const report = await backfill({
      store: t.store,
      gateway: gateway(),
      clock: fixedClock(Date.UTC(2026, 0, 1)),
      portalId: PORTAL,
      limits: LIMITS,
    });
    expect(await t.store.contacts.count(PORTAL)).toBe(10_000);
    const stats = hubspot.stats();
    expect(stats.serverErrors).toBe(3);
    // The gateway paces itself by HubSpot's windows, so 429s are rare (the fake shares this
    // process, whose database writes delay some arrivals; the benchmark runs it apart and
    // measures the share) and each is retried after its Retry-After.
    expect(stats.rateLimited).toBeLessThanOrEqual(Math.ceil(stats.calls * 0.03));
    expect(report.steps.every((s) => s.done)).toBe(true);
  });

  it('reads contacts from one export where the portal grants it, resuming inside the file', async () => {
    await hubspot.close();
    hubspot = await startHubspot({ exportsGranted: true });
    const { run, contactsIn } = resumable();
    const first = await run(() => contactsIn() >= 4_000);
    expect(first.stopped).toBe(true);
    const second = await run(() => false);
    expect(second.steps.find((s) => s.objectType === 'contacts')).toMatchObject({
      path: 'export',
      records: 10_000,
      done: true,
    });
    expect(await t.store.contacts.count(PORTAL)).toBe(10_000);
    expect(await t.store.companies.contactIds(PORTAL, 500)).toHaveLength(10_000);
    const stats = hubspot.stats();
    // No contact was listed or searched page by page: one export (asked again on resume).
    expect(stats.byRoute['GET /crm/v3/objects/contacts'] ?? 0).toBe(0);
    expect(stats.recordsServed['contacts'] ?? 0).toBeLessThanOrEqual(2);
    expect(stats.byRoute['POST /crm/v3/exports/export/async']).toBe(1);
    // Besides the size probes: within 10% of the fewest, plus the status check a resume repeats.
    expect(second.calls - second.probeCalls).toBeLessThanOrEqual(
      Math.ceil(second.minimumCalls * 1.1) + 1,
    );
  });
});
