import path from 'node:path';
import nock from 'nock';
import { createHubspotGateway, type HubspotGateway } from '../../../src/hubspot/gateway.js';
import { HubspotError } from '../../../src/hubspot/hubspot-error.js';
import { CUSTOM_OBJECTS } from '../../../src/hubspot/schema/custom-objects.js';
import { ASSOCIATION_LABELS } from '../../../src/hubspot/schema/association-labels.js';
import { COMPUTED_PROPERTIES } from '../../../src/hubspot/schema/computed-properties.js';
import { runSetup } from '../../../src/hubspot/setup/run-setup.js';
import { readProjectSources } from '../../../src/hubspot/project/assemble-project.js';
import { fakeHubspotPortal, type FakeHubspotPortal } from '../../helpers/fake-hubspot-portal.js';
import { hubspotFixture } from '../../helpers/fixtures.js';
import { restrictNetwork } from '../../helpers/network-policy.js';

const sleeps: number[] = [];
function gateway(): HubspotGateway {
  return createHubspotGateway({
    accessToken: 'pat-na1-test-token',
    limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
}

async function setup(options: { dryRun?: boolean } = {}) {
  const lines: string[] = [];
  const outcome = await runSetup(gateway(), {
    dryRun: options.dryRun ?? false,
    print: (l) => lines.push(l),
  });
  return { ...outcome, lines };
}

const STANDARD_PROPERTY_COUNT =
  COMPUTED_PROPERTIES.contacts.length + COMPUTED_PROPERTIES.companies.length;

describe('rapport hubspot setup', () => {
  let portal: FakeHubspotPortal;
  beforeEach(() => {
    sleeps.length = 0;
    portal = fakeHubspotPortal();
  });
  afterEach(() => portal.done());

  it('on an empty portal: creates the three objects, the Rapport group and properties, associations and labels', async () => {
    const { report, lines } = await setup();
    const posts = portal.writes.filter((w) => w.method === 'POST');
    const schemaPosts = posts.filter((w) => w.path === '/crm-object-schemas/v3/schemas');
    expect(schemaPosts.map((w) => w.body['name'])).toEqual(CUSTOM_OBJECTS.map((o) => o.name));
    expect(schemaPosts[0]!.body).toMatchObject({
      name: 'networking_team',
      labels: { singular: 'Networking Team', plural: 'Networking Teams' },
      primaryDisplayProperty: 'team_name',
      requiredProperties: ['team_name'],
      associatedObjects: ['CONTACT', 'COMPANY'],
    });
    expect(
      posts.filter((w) => /\/groups$/.test(w.path)).map((w) => [w.path, w.body['name']]),
    ).toEqual([
      ['/crm/v3/properties/contacts/groups', 'rapport'],
      ['/crm/v3/properties/companies/groups', 'rapport'],
    ]);
    const propertyPosts = posts.filter((w) =>
      /^\/crm\/v3\/properties\/(contacts|companies)$/.test(w.path),
    );
    expect(propertyPosts).toHaveLength(STANDARD_PROPERTY_COUNT);
    expect(propertyPosts.every((w) => w.body['groupName'] === 'rapport')).toBe(true);
    expect(posts.filter((w) => /\/associations$/.test(w.path))).toHaveLength(2);
    expect(posts.filter((w) => /\/labels$/.test(w.path)).map((w) => w.body['label'])).toEqual(
      ASSOCIATION_LABELS.map((l) => l.label),
    );
    expect(portal.writes.some((w) => w.method === 'DELETE')).toBe(false);
    expect(report?.objectTypeIds).toEqual({
      networking_team: expect.stringMatching(/^2-\d+$/),
      networking_role: expect.stringMatching(/^2-\d+$/),
      networking_activity: expect.stringMatching(/^2-\d+$/),
    });
    expect(lines.at(-4)).toMatch(/^Applied \d+ changes\.$/);
  });

  it('uses only scopes app.json declares', async () => {
    const used = new Set<string>();
    const observed = createHubspotGateway({
      accessToken: 'pat-na1-test-token',
      limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
      onCall: (_op, scopes) => scopes.forEach((s) => used.add(s)),
    });
    await runSetup(observed, { dryRun: false, print: () => undefined });
    await runSetup(observed, { dryRun: false, print: () => undefined });
    const declared = new Set(
      readProjectSources(path.resolve(__dirname, '..', '..', '..')).app.config.auth.requiredScopes,
    );
    expect([...used].filter((s) => !declared.has(s))).toEqual([]);
    expect(used.size).toBeGreaterThan(3);
  });

  it('run twice: the second run reads, plans nothing and writes nothing', async () => {
    await setup();
    const writesAfterFirst = portal.writes.length;
    const { plan, lines } = await setup();
    expect(plan.steps).toEqual([]);
    expect(portal.writes.length).toBe(writesAfterFirst);
    expect(lines).toContain(
      'Plan: nothing to do; the portal already has everything Rapport needs.',
    );
  });

  it('repairs one drifted property with one update, and touches nothing else', async () => {
    await setup();
    const threads = portal.state.properties['contacts']!.find(
      (p) => p['name'] === 'rapport_threads',
    )!;
    threads['label'] = 'Threads (renamed by an admin)';
    const before = portal.writes.length;
    const { plan } = await setup();
    expect(plan.steps).toEqual([
      expect.objectContaining({
        kind: 'updateProperty',
        name: 'rapport_threads',
        changes: ['label "Threads (renamed by an admin)" → "Relationship threads"'],
      }),
    ]);
    expect(portal.writes.slice(before)).toEqual([
      {
        method: 'PATCH',
        path: '/crm/v3/properties/contacts/rapport_threads',
        body: { label: 'Relationship threads' },
      },
    ]);
  });

  it('adds a property missing from an existing custom object in its own group', async () => {
    await setup();
    const team = portal.state.schemas.find((s) => s['name'] === 'networking_team')!;
    team['properties'] = (team['properties'] as { name: string }[]).filter(
      (p) => p.name !== 'coverage_target',
    );
    const before = portal.writes.length;
    await setup();
    expect(portal.writes.slice(before)).toEqual([
      {
        method: 'POST',
        path: `/crm/v3/properties/${String(team['objectTypeId'])}`,
        body: expect.objectContaining({
          name: 'coverage_target',
          groupName: 'networking_team_information',
          type: 'number',
        }),
      },
    ]);
  });

  it('never retypes: a property of another type is a conflict for a person, not a change', async () => {
    portal.state.properties['contacts']!.push({
      name: 'rapport_threads',
      label: 'Threads',
      type: 'string',
      fieldType: 'text',
      description: '',
      groupName: 'rapport',
      options: [],
    });
    const { plan, lines } = await setup({ dryRun: true });
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        where: 'contacts.rapport_threads',
        problem: 'exists with type string, Rapport needs number',
      }),
    ]);
    expect(lines.some((l) => l.startsWith('! conflict at contacts.rapport_threads'))).toBe(true);
    expect(portal.writes).toEqual([]);
  });

  it('--dry-run prints the full plan and changes nothing', async () => {
    const { lines, report } = await setup({ dryRun: true });
    expect(report).toBeUndefined();
    expect(portal.writes).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        '+ create custom object Networking Team (networking_team) with 4 properties',
        '+ create custom object Networking Role (networking_role) with 5 properties',
        '+ create custom object Networking Activity (networking_activity) with 6 properties',
        '+ create property group contacts.rapport ("Rapport")',
        '+ create property contacts.rapport_relationship_strength (number) in group rapport',
        '+ associate networking_role with networking_team',
        '+ create association label "Target stakeholder" networking_team → contacts',
        'Dry run: nothing was changed.',
      ]),
    );
    expect(lines).toContain(
      `Plan: ${3 + 2 + STANDARD_PROPERTY_COUNT + 2 + ASSOCIATION_LABELS.length} to create, 0 to update, 0 conflicts; nothing is ever deleted.`,
    );
  });

  it('treats a 409 on create (someone created it meanwhile) as already there', async () => {
    portal.failNext('POST', /^\/crm\/v3\/properties\/contacts$/, {
      status: 409,
      body: hubspotFixture('error-conflict.json'),
    });
    const { report } = await setup();
    expect(report?.alreadyThere).toEqual(['property contacts.rapport_relationship_strength']);
  });

  it('explains a custom object name held by something it cannot see (an archived object)', async () => {
    portal.failNext('POST', /^\/crm-object-schemas\/v3\/schemas$/, {
      status: 409,
      body: hubspotFixture('error-conflict.json'),
    });
    await expect(setup()).rejects.toMatchObject({
      kind: 'conflict',
      message:
        'the custom object name networking_team is taken in this portal but no live object has it',
      hint: expect.stringContaining('archived custom object'),
    });
  });

  it('explains a missing scope, naming it and the fix', async () => {
    portal.failNext(
      'POST',
      /^\/crm-object-schemas\/v3\/schemas$/,
      portal.missingScopesReply(['crm.schemas.custom.write']),
    );
    const failure = setup();
    await expect(failure).rejects.toBeInstanceOf(HubspotError);
    await expect(failure).rejects.toMatchObject({
      kind: 'missing_scopes',
      message: expect.stringContaining('missing crm.schemas.custom.write'),
      hint: expect.stringContaining("add the scopes to app.json's requiredScopes"),
    });
  });

  it.each([
    [402, {}],
    [403, hubspotFixture('error-tier.json')],
  ])(
    'explains that custom objects need Enterprise when HubSpot answers %i',
    async (status, body) => {
      portal.failNext('POST', /^\/crm-object-schemas\/v3\/schemas$/, { status, body });
      await expect(setup()).rejects.toMatchObject({
        kind: 'tier_required',
        hint: expect.stringContaining('Enterprise subscription'),
      });
    },
  );

  it('waits what Retry-After says on a 429, then succeeds', async () => {
    portal.failNext('GET', /^\/crm-object-schemas\/v3\/schemas$/, {
      status: 429,
      body: hubspotFixture('error-rate-limit.json'),
      headers: { 'retry-after': '2' },
    });
    const { plan } = await setup({ dryRun: true });
    expect(sleeps).toEqual([2_000]);
    expect(plan.steps.length).toBeGreaterThan(0);
  });

  it('backs off through a burst of 500s, then succeeds', async () => {
    const serverError = {
      status: 500,
      body: { status: 'error', message: 'internal error', correlationId: 'x' },
    };
    portal.failNext(
      'GET',
      /^\/crm\/v3\/properties\/contacts$/,
      serverError,
      serverError,
      serverError,
    );
    await setup({ dryRun: true });
    // Full jitter with random() = 0.5: half of 500, 1000, 2000 ms.
    expect(sleeps).toEqual([250, 500, 1_000]);
  });

  it('gives up on a persistent 500 after the last attempt, with the status', async () => {
    const serverError = { status: 503, body: { status: 'error', message: 'unavailable' } };
    portal.failNext(
      'GET',
      /^\/crm-object-schemas\/v3\/schemas$/,
      serverError,
      serverError,
      serverError,
      serverError,
      serverError,
    );
    await expect(setup({ dryRun: true })).rejects.toMatchObject({
      kind: 'server_error',
      status: 503,
    });
    expect(sleeps).toHaveLength(4);
  });

  it('says HubSpot is unreachable when the connection fails', async () => {
    // A real refused connection (nothing listens on port 1), not a simulated one.
    nock.enableNetConnect('127.0.0.1:1');
    try {
      const unreachable = createHubspotGateway({
        accessToken: 'pat-na1-test-token',
        basePath: 'http://127.0.0.1:1',
        retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
      });
      const failure = runSetup(unreachable, { dryRun: true, print: () => undefined });
      await expect(failure).rejects.toMatchObject({
        kind: 'unreachable',
        message: expect.stringContaining('ECONNREFUSED'),
        hint: expect.stringContaining('network'),
      });
      expect(sleeps).toHaveLength(4);
    } finally {
      restrictNetwork();
    }
  });
});
