/**
 * The signed card API against the real service and a store holding the demo organization (and a
 * second portal, for tenant isolation): signature, metadata, authorization, validation, actions.
 */
import request from 'supertest';
import {
  companyCardSchema,
  contactCardSchema,
  settingsViewSchema,
  teamCardSchema,
} from '../../../extensions/lib/contracts.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { signV3 } from '../../../src/ingest/verify-signature.js';
import { GOLDEN, seedCleanOrganization } from '../../helpers/golden-org.js';
import { TEST_BASE_URL, TEST_CLIENT_SECRET } from '../../helpers/sign-hubspot-request.js';
import { startTestService, TEST_PORTAL_ID } from '../../helpers/start-test-service.js';

type Service = Awaited<ReturnType<typeof startTestService>>;

const MANAGER = { userId: 70_001, email: 'manager@northwind-partners.example' };
const OTHER_USER = 70_002;

describe('the card API', () => {
  let service: Service;
  let keyContact: number;
  let ownerOfKey: { ownerId: number; userId: number };

  beforeAll(async () => {
    service = await startTestService({
      RAPPORT_DEMO: 'auto',
      RAPPORT_SUPER_ADMINS: 'root@northwind-partners.example',
    });
    await seedCleanOrganization(service.store);
    await runAudit(service.store, GOLDEN.portalId, { asOf: GOLDEN.now, now: GOLDEN.now });
    const [flagged] = await service.store.insights.atRisk(TEST_PORTAL_ID, 'singleThreaded', 1);
    keyContact = flagged!.contactId;
    const contact = await service.store.contacts.get(TEST_PORTAL_ID, keyContact);
    const owner = await service.store.owners.get(TEST_PORTAL_ID, contact!.ownerId!);
    ownerOfKey = { ownerId: owner!.ownerId, userId: owner!.userId! };
  }, 60_000);
  afterAll(() => service.close());

  /** A request as HubSpot sends it for a card: metadata appended to the query, then signed. */
  function signedParts(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    query: Record<string, string | number>,
    options: {
      body?: unknown;
      portalId?: number;
      userId?: number;
      email?: string;
      secret?: string;
      timestamp?: number;
    } = {},
  ) {
    const params = new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      userId: String(options.userId ?? MANAGER.userId),
      userEmail: options.email ?? MANAGER.email,
      portalId: String(options.portalId ?? TEST_PORTAL_ID),
      appId: '5432100',
    });
    const url = `${path}?${params.toString().replaceAll('%40', '@')}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const timestamp = options.timestamp ?? Date.now();
    const headers = {
      'content-type': 'application/json',
      'x-hubspot-request-timestamp': String(timestamp),
      'x-hubspot-signature-v3': signV3(
        options.secret ?? TEST_CLIENT_SECRET,
        method,
        `${TEST_BASE_URL}${url}`,
        body,
        timestamp,
      ),
    };
    return { method, url, headers, body };
  }
  function send(parts: ReturnType<typeof signedParts>) {
    const agent = request(service.url);
    const { method, url } = parts;
    const req =
      method === 'GET' ? agent.get(url) : method === 'POST' ? agent.post(url) : agent.put(url);
    return req.set(parts.headers).send(parts.body);
  }
  const signed = (...args: Parameters<typeof signedParts>) => send(signedParts(...args));

  describe('the contact card', () => {
    it('lists who knows the contact, strongest first, with grades, reasons, teams, risks and findings', async () => {
      const res = await signed('GET', '/api/contact-card', { contactId: keyContact });
      expect(res.status).toBe(200);
      const card = contactCardSchema.parse(res.body);
      expect(card.contact.id).toBe(keyContact);
      expect(card.knowers.length).toBeGreaterThan(0);
      const scores = card.knowers.map((k) => k.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(card.knowers[0]!.reason).toMatch(/in the last 90 days|no touch/);
      expect(card.risks).toContain('singleThreaded');
      expect(JSON.stringify(res.body).length).toBeLessThan(1_000_000);
    });

    it('answers 404 for a record of another portal: every query is scoped by the signed portal', async () => {
      const theirs = await signed('GET', '/api/contact-card', { contactId: GOLDEN.chris });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error).toBe('unknown_contact');
      const ours = await signed(
        'GET',
        '/api/contact-card',
        { contactId: keyContact },
        { portalId: GOLDEN.portalId, userId: 1_011 },
      );
      expect(ours.status).toBe(404);
      const own = await signed(
        'GET',
        '/api/contact-card',
        { contactId: GOLDEN.chris },
        { portalId: GOLDEN.portalId, userId: 1_011 },
      );
      expect(own.status).toBe(200);
      expect(contactCardSchema.parse(own.body).knowers.map((k) => k.ownerId)).toEqual([
        GOLDEN.ben,
        GOLDEN.ana,
      ]);
    });

    it.each([
      ['a wrong secret', { secret: 'not-the-secret-at-all' }, 401, 'bad_signature'],
      ['a stale timestamp', { timestamp: Date.now() - 6 * 60_000 }, 401, 'stale_timestamp'],
      ['an unknown portal', { portalId: 42 }, 404, 'unknown_portal'],
    ] as const)('refuses %s', async (_name, options, status, error) => {
      const res = await signed('GET', '/api/contact-card', { contactId: keyContact }, options);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
    });

    it('refuses a request whose metadata was altered after signing', async () => {
      const parts = signedParts('GET', '/api/contact-card', { contactId: keyContact });
      expect((await send(parts)).status).toBe(200);
      const tampered = await send({
        ...parts,
        url: parts.url.replace(`portalId=${TEST_PORTAL_ID}`, `portalId=${GOLDEN.portalId}`),
      });
      expect(tampered.status).toBe(401);
      expect(tampered.body.error).toBe('bad_signature');
    });

    it.each([
      [{ contactId: 'abc' }, 400, 'invalid_parameter'],
      [{ contactId: 1 }, 404, 'unknown_contact'],
      [{ contactId: 10_000_001, page: 0 }, 400, 'invalid_parameter'],
    ])('answers bad input %j with %i', async (query, status, error) => {
      const res = await signed('GET', '/api/contact-card', query);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error, message: expect.any(String) });
    });
  });

  describe('the contact card actions', () => {
    it('queues a task for the best introducer', async () => {
      const before = (await service.store.outbox.counts())['pending'] ?? 0;
      const res = await signed(
        'POST',
        '/api/contact-card/actions',
        { contactId: keyContact },
        { body: { action: 'request_introduction' }, userId: 70_040 },
      );
      if (res.status === 200) {
        expect(res.body).toMatchObject({
          status: 'queued',
          message: expect.stringContaining('task'),
        });
        expect((await service.store.outbox.counts())['pending']).toBe(before + 1);
      } else {
        expect(res.body.error).toBe('no_introducer');
      }
    });

    it('lets only the owner hand a relationship over', async () => {
      const card = contactCardSchema.parse(
        (
          await signed(
            'GET',
            '/api/contact-card',
            { contactId: keyContact },
            { userId: ownerOfKey.userId },
          )
        ).body,
      );
      expect(card.viewer.isOwner).toBe(true);
      const successor = card.successors[0]?.ownerId ?? 1_002;
      const denied = await signed(
        'POST',
        '/api/contact-card/actions',
        { contactId: keyContact },
        {
          body: { action: 'hand_over', successorOwnerId: successor },
          userId: OTHER_USER === ownerOfKey.userId ? 70_003 : OTHER_USER,
        },
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe('not_the_owner');
    });

    it('marks a finding reviewed: it leaves the card but stays open for the audit', async () => {
      const card = contactCardSchema.parse(
        (await signed('GET', '/api/contact-card', { contactId: keyContact })).body,
      );
      const finding = card.findings[0]!;
      const res = await signed(
        'POST',
        '/api/contact-card/actions',
        { contactId: keyContact },
        { body: { action: 'mark_reviewed', findingId: finding.id } },
      );
      expect(res.body).toEqual({ status: 'done', message: 'Marked as reviewed for 90 days.' });
      const after = contactCardSchema.parse(
        (await signed('GET', '/api/contact-card', { contactId: keyContact })).body,
      );
      expect(after.findings.map((f) => f.id)).not.toContain(finding.id);
      expect(
        (
          await service.store.findings.open(TEST_PORTAL_ID, {
            objectType: 'contact',
            objectId: keyContact,
          })
        ).map((f) => f.id),
      ).toContain(finding.id);
    });

    it.each([
      [{ action: 'fly' }, 400, 'invalid_action'],
      [{ action: 'hand_over' }, 400, 'invalid_action'],
      [{ action: 'apply_fix', findingId: 999_999 }, 404, 'unknown_finding'],
    ])('refuses %j', async (body, status, error) => {
      const res = await signed(
        'POST',
        '/api/contact-card/actions',
        { contactId: keyContact },
        { body },
      );
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
    });
  });

  it('serves the company card and the team card for this portal', async () => {
    const contact = await service.store.contacts.get(TEST_PORTAL_ID, keyContact);
    const company = await signed('GET', '/api/company-card', {
      companyId: contact!.primaryCompanyId ?? 2_000_001,
    });
    expect(company.status).toBe(200);
    const c = companyCardSchema.parse(company.body);
    expect(c.touchesByWeek).toHaveLength(12);
    expect(c.coverage.contacts).toBeGreaterThan(0);
    const team = await signed('GET', '/api/team-card', { teamId: 700_002 });
    expect(team.status).toBe(200);
    const t = teamCardSchema.parse(team.body);
    expect(t.team.name).toBe('Healthcare Partners');
    expect(t.issues.map((f) => f.ruleId)).toContain('team_without_lead');
    expect(t.kpis.map((k) => k.name)).toContain('Coverage');
    expect((await signed('GET', '/api/team-card', { teamId: 1 })).status).toBe(404);
  });

  it('serves the network report only to signed requests once a client secret is set', async () => {
    const unsigned = await request(service.url).get('/');
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toBe('missing_signature');
    const page = await signed('GET', '/', {});
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Network report — Northwind Partners (demo)</h1>');
    const theirs = await signed('GET', '/', {}, { portalId: GOLDEN.portalId, userId: 1_011 });
    expect(theirs.text).toContain('Network report — Golden Org');
  });

  describe('the settings page', () => {
    it('shows settings, rules and the dashboard; only the Manager of the Network may edit', async () => {
      const manager = settingsViewSchema.parse((await signed('GET', '/api/settings', {})).body);
      expect(manager.canEdit).toBe(true);
      expect(manager.rules.length).toBeGreaterThan(20);
      expect(manager.dashboard.handovers).toHaveLength(3);
      const other = settingsViewSchema.parse(
        (
          await signed(
            'GET',
            '/api/settings',
            {},
            { userId: OTHER_USER, email: 'x@northwind-partners.example' },
          )
        ).body,
      );
      expect(other.canEdit).toBe(false);
    });

    it('refuses a save by someone else with 403, and field errors with 400', async () => {
      const { version, settings } = settingsViewSchema.parse(
        (await signed('GET', '/api/settings', {})).body,
      );
      const denied = await signed(
        'PUT',
        '/api/settings',
        {},
        {
          userId: OTHER_USER,
          email: 'x@northwind-partners.example',
          body: { expectedVersion: version, settings },
        },
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe('not_manager');
      const bad = {
        ...settings,
        strength: { ...(settings['strength'] as object), halfLifeDays: -3 },
        hygiene: { ...(settings['hygiene'] as object), phoneRegion: 'XX' },
      };
      const invalid = await signed(
        'PUT',
        '/api/settings',
        {},
        { body: { expectedVersion: version, settings: bad } },
      );
      expect(invalid.status).toBe(400);
      expect(invalid.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'hygiene.phoneRegion',
        'strength.halfLifeDays',
      ]);
    });

    it('saves a valid change as a new version, refuses a stale one, and lets a super-admin in', async () => {
      const { version, settings } = settingsViewSchema.parse(
        (await signed('GET', '/api/settings', {})).body,
      );
      const changed = { ...settings, vision: 'Every key stakeholder known by two colleagues.' };
      const saved = await signed(
        'PUT',
        '/api/settings',
        {},
        { body: { expectedVersion: version, settings: changed, note: 'sharper vision' } },
      );
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ version: version + 1 });
      const stale = await signed(
        'PUT',
        '/api/settings',
        {},
        { body: { expectedVersion: version, settings: changed } },
      );
      expect(stale.status).toBe(409);
      const admin = await signed(
        'PUT',
        '/api/settings',
        {},
        {
          userId: 99,
          email: 'root@northwind-partners.example',
          body: { expectedVersion: version + 1, settings: changed },
        },
      );
      expect(admin.status).toBe(200);
      const view = settingsViewSchema.parse((await signed('GET', '/api/settings', {})).body);
      expect(view.history[0]).toMatchObject({
        version: version + 2,
        changedBy: 'root@northwind-partners.example',
      });
      expect(view.settings['vision']).toBe('Every key stakeholder known by two colleagues.');
    });
  });
});
