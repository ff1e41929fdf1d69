/**
 * The backfill against a HubSpot behind nock that pages like HubSpot (100 per page, `paging.next.after`),
 * answers association batch reads, and counts calls: stopped half-way and resumed, it copies every
 * record once, never re-reads a finished page, and reports its calls against the minimum.
 */
import nock from 'nock';
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { backfill } from '../../../src/ingest/backfill.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { HUBSPOT_API } from '../../helpers/fake-hubspot-portal.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 4_321;
const stamp = '2025-06-01T10:00:00.000Z';
const record = (id: number, properties: Record<string, string | null>) => ({
  id: String(id),
  properties,
  createdAt: stamp,
  updatedAt: stamp,
  archived: false,
});

const data: Record<string, ReturnType<typeof record>[]> = {
  companies: [record(500, { name: 'Contoso', domain: 'contoso.example' })],
  contacts: Array.from({ length: 10_000 }, (_, i) =>
    record(10_000 + i, {
      email: `p${i}@contoso.example`,
      firstname: 'Pat',
      lastname: `N${i}`,
      hubspot_owner_id: '11',
    }),
  ),
  calls: [record(70_001, { hs_timestamp: '2025-06-01T09:00:00.000Z', hubspot_owner_id: '11' })],
};

function fakeHubspot() {
  const calls: string[] = [];
  nock(HUBSPOT_API)
    .persist()
    .get(/^\/crm\/v3\/owners/)
    .query(true)
    .reply(function (uri) {
      calls.push(uri);
      const archived = new URL(uri, HUBSPOT_API).searchParams.get('archived') === 'true';
      return [
        200,
        {
          results: archived
            ? [
                {
                  id: '13',
                  userId: 9013,
                  email: 'gone@org.example',
                  firstName: 'Gone',
                  lastName: 'Away',
                  archived: true,
                  createdAt: stamp,
                  updatedAt: stamp,
                },
              ]
            : [
                {
                  id: '11',
                  userId: 9011,
                  email: 'ana@org.example',
                  firstName: 'Ana',
                  lastName: 'Lopez',
                  archived: false,
                  createdAt: stamp,
                  updatedAt: stamp,
                },
                {
                  id: '12',
                  userId: 9012,
                  email: 'ben@org.example',
                  firstName: 'Ben',
                  lastName: 'Okafor',
                  archived: false,
                  createdAt: stamp,
                  updatedAt: stamp,
                },
              ],
        },
      ];
    })
    .get(/^\/crm\/v3\/objects\/[a-z_]+/)
    .query(true)
    .reply(function (uri) {
      calls.push(uri);
      const url = new URL(uri, HUBSPOT_API);
      const type = url.pathname.split('/')[4]!;
      const after = Number(url.searchParams.get('after') ?? 0);
      const all = data[type] ?? [];
      const page = all.slice(after, after + 100);
      const next = after + 100 < all.length ? { next: { after: String(after + 100) } } : undefined;
      return [200, { results: page, ...(next ? { paging: next } : {}) }];
    })
    .post(/^\/crm\/v4\/associations\/[a-z_]+\/[a-z_]+\/batch\/read/)
    .reply(function (uri, body) {
      calls.push(uri);
      const [, , , , from, to] = uri.split('/');
      const inputs = (body as { inputs: { id: string }[] }).inputs;
      const linked = () =>
        (from === 'contacts' && to === 'companies') || (from === 'calls' && to === 'contacts')
          ? [
              {
                toObjectId: from === 'calls' ? 10_000 : 500,
                associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }],
              },
            ]
          : [];
      return [
        200,
        {
          status: 'COMPLETE',
          results: inputs
            .map((i) => ({ from: { id: i.id }, to: linked() }))
            .filter((r) => r.to.length > 0),
          startedAt: stamp,
          completedAt: stamp,
        },
      ];
    });
  return calls;
}

describe('rapport hubspot backfill', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.cleanup();
  });

  it('resumes where it stopped and copies every one of 10,000 contacts once', async () => {
    const seen = fakeHubspot();
    let calls = 0;
    const gateway = createHubspotGateway({
      accessToken: 'pat-na1-test',
      limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
      onCall: () => (calls += 1),
    });
    const run = (shouldStop: () => boolean) =>
      backfill({
        store: t.store,
        gateway,
        clock: fixedClock(Date.UTC(2026, 0, 1)),
        portalId: PORTAL,
        calls: () => calls,
        shouldStop,
      });

    // Stop after 30 pages of contacts (as Ctrl-C would): the thousands written so far stay.
    const contactPages = () => seen.filter((u) => u.includes('/objects/contacts')).length;
    const first = await run(() => contactPages() >= 30);
    expect(first.stopped).toBe(true);
    expect(await t.store.contacts.count(PORTAL)).toBe(3_000);
    expect(contactPages()).toBe(30);

    const second = await run(() => false);
    expect(second.stopped).toBe(false);
    // Every page once: the 30 read before the stop are never read again.
    expect(
      seen
        .filter((u) => u.includes('/objects/contacts'))
        .map((u) => new URL(u, HUBSPOT_API).searchParams.get('after')),
    ).toEqual([null, ...Array.from({ length: 99 }, (_, k) => String((k + 1) * 100))]);
    expect(await t.store.contacts.count(PORTAL)).toBe(10_000);
    expect(await t.store.companies.contactIds(PORTAL, 500)).toHaveLength(10_000);
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
    expect(await t.store.touches.forContacts(PORTAL, [10_000])).toEqual([
      expect.objectContaining({ touchId: 70_001, type: 'call', ownerId: 11 }),
    ]);
    expect(second.steps.every((s) => s.done)).toBe(true);
    expect(second.calls).toBe(calls);
    expect(second.calls).toBeLessThanOrEqual(Math.ceil(second.minimumCalls * 1.1));
    expect(await t.store.dirty.count(PORTAL)).toBe(0);
  });
});
