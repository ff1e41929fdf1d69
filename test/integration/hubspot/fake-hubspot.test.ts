/**
 * The fake HubSpot keeps HubSpot's limits, so tests and the benchmark that pass against it have
 * met them: 429 with `Retry-After` and HubSpot's policy names past 100 per 10 s and past 5
 * searches per second, answers in HubSpot's list and search shapes, and 5xx when told.
 */
import { MemoryRecords } from '../../fake-hubspot/records.js';
import { startFakeHubspot, type FakeHubspot } from '../../fake-hubspot/server.js';

describe('the fake HubSpot', () => {
  let hubspot: FakeHubspot;
  beforeEach(async () => {
    const records = new MemoryRecords();
    for (let id = 1; id <= 250; id += 1) records.add('contacts', id, { email: `c${id}@x.example` });
    hubspot = await startFakeHubspot({ records, requestsPer10s: 100, token: 't' });
  });
  afterEach(() => hubspot.close());

  const get = (path: string) =>
    fetch(`${hubspot.url}${path}`, { headers: { authorization: 'Bearer t' } });
  const search = (body: unknown) =>
    fetch(`${hubspot.url}/crm/v3/objects/contacts/search`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('pages lists by cursor and searches by id range with totals', async () => {
    const first = (await (
      await get('/crm/v3/objects/contacts?limit=100&properties=email')
    ).json()) as {
      results: { id: string; properties: Record<string, string> }[];
      paging: { next: { after: string } };
    };
    expect(first.results).toHaveLength(100);
    expect(first.results[0]).toMatchObject({ id: '1', properties: { email: 'c1@x.example' } });
    expect(first.paging.next.after).toBe('100');
    const found = (await (
      await search({
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_object_id', operator: 'GT', value: '200' },
              { propertyName: 'hs_object_id', operator: 'LTE', value: '240' },
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        limit: 10,
      })
    ).json()) as { total: number; results: { id: string }[]; paging: { next: { after: string } } };
    expect(found.total).toBe(40);
    expect(found.results.map((r) => r.id)[0]).toBe('201');
    expect(found.paging.next.after).toBe('10');
  });

  it('answers 429 with Retry-After past 100 requests per 10 s and 5 searches per second', async () => {
    const answers = await Promise.all(
      Array.from({ length: 105 }, () => get('/crm/v3/objects/contacts?limit=1')),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(5);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]!.json()).toMatchObject({
      policyName: 'TEN_SECONDLY_ROLLING',
      errorType: 'RATE_LIMIT',
    });
    expect(answers.find((a) => a.status === 200)?.headers.get('x-hubspot-ratelimit-max')).toBe(
      '100',
    );
  });

  it('keeps searches to 5 per second and fails the next calls when told', async () => {
    const searches = await Promise.all(Array.from({ length: 7 }, () => search({ limit: 1 })));
    expect(searches.filter((s) => s.status === 429)).toHaveLength(2);
    hubspot.burst(2, 503);
    expect((await get('/crm/v3/objects/contacts')).status).toBe(503);
    expect((await get('/crm/v3/objects/contacts')).status).toBe(503);
    expect((await get('/crm/v3/objects/contacts')).status).toBe(200);
    expect(hubspot.stats()).toMatchObject({ rateLimited: 2, serverErrors: 2 });
  });
});
