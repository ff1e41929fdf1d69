/**
 * Reconciliation against HubSpot's search API behind nock: records the webhooks missed (absent, or
 * newer in HubSpot) are repaired and counted, ranges over the 10,000-result cap are split, and the
 * watermark moves so the next run looks only at what changed since. Then the same against the
 * local fake HubSpot with 12,000 real changes and three planted differences.
 */
import nock from 'nock';
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { reconcile } from '../../../src/ingest/reconcile.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { contact } from '../../helpers/builders.js';
import { HUBSPOT_API } from '../../helpers/fake-hubspot-portal.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';
import { MemoryRecords } from '../../fake-hubspot/records.js';
import { startFakeHubspot } from '../../fake-hubspot/server.js';

const PORTAL = 4_321;
const NOW = Date.UTC(2026, 0, 2);
const DAY = 86_400_000;
const remote = (id: number, updatedAt: number) => ({
  id: String(id),
  properties: { email: `p${id}@x.example`, firstname: 'Pat', lastname: String(id) },
  createdAt: new Date(NOW - 30 * DAY).toISOString(),
  updatedAt: new Date(updatedAt).toISOString(),
  archived: false,
});

describe('reconciliation', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
    await t.store.portals.upsert({ portalId: PORTAL, name: 'p', source: 'hubspot', createdAt: 0 });
    await t.store.contacts.upsertMany(PORTAL, [
      contact(1, { updatedAt: NOW - 2 * 3_600_000 }), // current
      contact(2, { updatedAt: NOW - 10 * 3_600_000 }), // older than HubSpot's
    ]);
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.cleanup();
  });

  it('repairs what webhooks missed, splits ranges over the search cap, and moves the watermark', async () => {
    const searches: { type: string; from: number; to: number }[] = [];
    nock(HUBSPOT_API)
      .persist()
      .post(/^\/crm\/v3\/objects\/[a-z]+\/search/)
      .reply(function (uri, body) {
        const type = uri.split('/')[4]!;
        const filters = (
          body as { filterGroups: { filters: { operator: string; value: string }[] }[] }
        ).filterGroups[0]!.filters;
        const from = Number(filters.find((f) => f.operator === 'GTE')!.value);
        const to = Number(filters.find((f) => f.operator === 'LT')!.value);
        searches.push({ type, from, to });
        if (type !== 'contacts') return [200, { total: 0, results: [] }];
        // The whole day holds 15,000 changes: too many for one query, so it must be halved.
        if (to - from > 12 * 3_600_000) return [200, { total: 15_000, results: [] }];
        const inRange = [
          remote(1, NOW - 2 * 3_600_000),
          remote(2, NOW - 3_600_000),
          remote(3, NOW - 3_000_000),
        ].filter((r) => Date.parse(r.updatedAt) >= from && Date.parse(r.updatedAt) < to);
        return [200, { total: inRange.length, results: inRange }];
      })
      .post(/^\/crm\/v4\/associations\/contacts\/companies\/batch\/read/)
      .reply(200, {
        status: 'COMPLETE',
        results: [],
        startedAt: '2026-01-01T00:00:00Z',
        completedAt: '2026-01-01T00:00:00Z',
      });
    const gateway = createHubspotGateway({
      accessToken: 'pat-na1-test',
      limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
    });

    const first = await reconcile({
      store: t.store,
      gateway,
      clock: fixedClock(NOW),
      portalId: PORTAL,
    });
    expect(first.byType['contacts']).toEqual({ checked: 3, differences: 2 });
    expect(first.differences).toBe(2);
    const contactSearches = searches.filter((s) => s.type === 'contacts');
    expect(contactSearches.map((s) => (s.to - s.from) / 3_600_000)).toEqual([24, 12, 12]);
    expect((await t.store.contacts.get(PORTAL, 3))?.email).toBe('p3@x.example');
    expect((await t.store.contacts.get(PORTAL, 2))?.updatedAt).toBe(NOW - 3_600_000);

    searches.length = 0;
    const again = await reconcile({
      store: t.store,
      gateway,
      clock: fixedClock(NOW + 3_600_000),
      portalId: PORTAL,
    });
    expect(again.differences).toBe(0);
    expect(searches.find((s) => s.type === 'contacts')).toEqual({
      type: 'contacts',
      from: NOW,
      to: NOW + 3_600_000,
    });
  });
});

describe('reconciliation against the fake HubSpot', () => {
  it('finds planted differences among 12,000 changes (over the search cap) and repairs them', async () => {
    const t = await makeTestStore('sqlite');
    const records = new MemoryRecords();
    // 12,000 contacts changed in the last day; the mirror has them all but three: one missing,
    // one older than HubSpot's, one with a changed email.
    const changed = (i: number) => NOW - 20 * 3_600_000 + i * 5_000;
    const mirror = [];
    for (let i = 1; i <= 12_000; i += 1) {
      const r = remote(i, changed(i));
      records.add('contacts', i, r.properties, { createdAt: r.createdAt, updatedAt: r.updatedAt });
      if (i === 7) continue;
      mirror.push(
        contact(i, {
          email: i === 9 ? 'old@x.example' : `p${i}@x.example`,
          firstName: 'Pat',
          lastName: String(i),
          updatedAt: i === 8 || i === 9 ? changed(i) - 60_000 : changed(i),
        }),
      );
    }
    const hubspot = await startFakeHubspot({ records, token: 'pat', timeScale: 20 });
    try {
      await t.store.portals.upsert({
        portalId: PORTAL,
        name: 'p',
        source: 'hubspot',
        createdAt: 0,
      });
      await t.store.contacts.upsertMany(PORTAL, mirror);
      const report = await reconcile({
        store: t.store,
        gateway: createHubspotGateway({
          accessToken: 'pat',
          basePath: hubspot.url,
          limits: { requestsPer10s: 100, searchesPerSecond: 5, timeScale: 20 },
        }),
        clock: fixedClock(NOW),
        portalId: PORTAL,
      });
      expect(report.byType['contacts']).toEqual({ checked: 12_000, differences: 3 });
      expect((await t.store.contacts.get(PORTAL, 7))?.email).toBe('p7@x.example');
      expect((await t.store.contacts.get(PORTAL, 9))?.email).toBe('p9@x.example');
      expect(await t.store.contacts.count(PORTAL)).toBe(12_000);
      // No query paged past HubSpot's 10,000-result cap (the fake would have answered 400).
      expect(hubspot.stats().rateLimited).toBeLessThanOrEqual(2);
    } finally {
      await hubspot.close();
      await t.cleanup();
    }
  }, 60_000);
});
