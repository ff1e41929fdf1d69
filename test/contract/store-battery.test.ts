import { CompanyTally } from '../../src/domain/company-insight.js';
import { keyChanges, type KeyColumns } from '../../src/store/repositories/key-columns.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { StoreError } from '../../src/shared/errors.js';
import { unpackTouches } from '../helpers/unpack-touches.js';
import { fingerprintOf } from '../../src/store/repositories/finding-reconcile.js';
import { objectRows } from '../../src/store/bulk/bulk-loader.js';
import { toRelationshipRow } from '../../src/store/repositories/relationship-repository.js';
import { SettingsConflictError } from '../../src/store/repositories/settings-repository.js';
import {
  company,
  contact,
  contactInsight,
  deal,
  owner,
  relationship,
  T0,
  touch,
} from '../helpers/builders.js';
import {
  deferredIndexProbes,
  makeTestStore,
  testDialects,
  type TestStore,
} from '../helpers/test-store.js';

const P1 = 101;
const P2 = 202;

/** One battery, every dialect: the repositories must behave identically on SQLite and PostgreSQL. */
describe.each(testDialects())('store battery on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('keeps portals and reports their sizes', async () => {
    const { store } = t;
    await store.portals.upsert({ portalId: P1, name: 'One', source: 'demo', createdAt: T0 });
    await store.portals.upsert({
      portalId: P1,
      name: 'One renamed',
      source: 'demo',
      createdAt: T0,
    });
    await store.portals.upsert({ portalId: P2, name: 'Two', source: 'hubspot', createdAt: T0 });
    expect((await store.portals.list()).map((p) => p.name)).toEqual(['One renamed', 'Two']);
    await store.owners.upsertMany(P1, [owner(11), owner(12, { archived: true, archivedAt: T0 })]);
    await store.contacts.upsertMany(P1, [contact(1), contact(2)]);
    expect(await store.portals.stats(P1)).toMatchObject({
      contacts: 2,
      owners: 2,
      departedOwners: 1,
      touches: 0,
    });
    expect(await store.portals.stats(P2)).toMatchObject({
      contacts: 0,
      owners: 0,
      departedOwners: 0,
    });
  });

  it('scopes every record by portal: the same HubSpot id in two portals is two records', async () => {
    const { store } = t;
    await store.contacts.upsertMany(P1, [contact(5, { firstName: 'In portal one' })]);
    await store.contacts.upsertMany(P2, [contact(5, { firstName: 'In portal two' })]);
    expect((await store.contacts.get(P1, 5))?.firstName).toBe('In portal one');
    expect((await store.contacts.get(P2, 5))?.firstName).toBe('In portal two');
    expect(await store.contacts.get(303, 5)).toBeUndefined();
    expect(await store.contacts.count(P1)).toBe(1);
  });

  it('round-trips contacts, updates them in place and finds duplicates by normalized email', async () => {
    const { store } = t;
    const big = 2 ** 40 + 7; // HubSpot ids outgrow 32 bits; they must come back as exact numbers.
    await store.contacts.upsertMany(P1, [
      contact(big, { email: ' Ada@Acme.Example ', isKeyStakeholder: true, ownerId: null }),
    ]);
    await store.contacts.upsertMany(P1, [contact(9, { email: 'ada@acme.example' })]);
    expect(await store.contacts.get(P1, big)).toEqual({
      ...contact(big, { email: ' Ada@Acme.Example ', isKeyStakeholder: true, ownerId: null }),
      phoneE164: '+12125550100',
      phoneRegion: null,
    });
    expect(
      (await store.contacts.findByEmail(P1, 'ADA@acme.example')).map((c) => c.contactId),
    ).toEqual([9, big]);
    await store.contacts.upsertMany(P1, [
      contact(9, { email: 'other@acme.example', jobTitle: null }),
    ]);
    expect(await store.contacts.get(P1, 9)).toMatchObject({
      email: 'other@acme.example',
      jobTitle: null,
    });
    expect(await store.contacts.count(P1)).toBe(2);
  });

  it('stores a phone number’s reading with it, read with the portal’s region, and keeps it true to the number', async () => {
    const { store } = t;
    const reading = async (id: number, portalId = P1) => {
      const c = await store.contacts.get(portalId, id);
      return c && { phone: c.phone, e164: c.phoneE164, region: c.phoneRegion };
    };
    await store.contacts.upsertMany(P1, [
      contact(21, { phone: ' +44 20 7946 0123' }),
      contact(22, { phone: '(212) 555-0101' }),
      contact(23, { phone: '+1 12' }),
      contact(24, { phone: null, phoneE164: '+12125550100' }),
    ]);
    // With its country code: read the same in every region, so read with none.
    expect(await reading(21)).toEqual({
      phone: ' +44 20 7946 0123',
      e164: '+442079460123',
      region: null,
    });
    // A national number: read with the portal's region (the default, US), which it keeps.
    expect(await reading(22)).toEqual({
      phone: '(212) 555-0101',
      e164: '+12125550101',
      region: 'US',
    });
    expect(await reading(23)).toEqual({ phone: '+1 12', e164: null, region: null });
    // The reading comes from the number, never from what a caller claims.
    expect(await reading(24)).toEqual({ phone: null, e164: null, region: null });

    await store.changes.changeContact(P1, 21, { phone: '0151 1234567' }, T0 + 1_000);
    await store.changes.changeContact(P1, 22, { phone: '+49 30 901820' }, T0 + 1_000);
    await store.changes.changeContact(P1, 23, { jobTitle: 'CEO' }, T0 + 1_000);
    // A change older than the number's current version leaves number and reading alone.
    await store.changes.changeContact(P1, 22, { phone: '+1 212 555 0199' }, T0 + 500);
    // A British national number is no valid US number.
    expect(await reading(21)).toEqual({ phone: '0151 1234567', e164: null, region: 'US' });
    expect(await reading(22)).toEqual({
      phone: '+49 30 901820',
      e164: '+4930901820',
      region: null,
    });
    expect(await reading(23)).toEqual({ phone: '+1 12', e164: null, region: null });
    // First seen through a property change: the placeholder row carries the reading too.
    await store.changes.changeContact(P1, 25, { phone: '+1 212 555 0101' }, T0);
    expect(await reading(25)).toEqual({
      phone: '+1 212 555 0101',
      e164: '+12125550101',
      region: null,
    });

    // A purge erases the reading with the number (seen once the record is restored).
    await store.changes.purgeContact(P1, 22);
    await store.changes.setArchived('contact', P1, 22, false);
    expect(await reading(22)).toEqual({ phone: null, e164: null, region: null });

    // A portal that reads its numbers as British: upserts and webhooks read them so.
    await store.settings.save(
      P2,
      { ...DEFAULT_SETTINGS, hygiene: { ...DEFAULT_SETTINGS.hygiene, phoneRegion: 'GB' } },
      { changedBy: 'test', changedAt: T0, expectedVersion: 0 },
    );
    await store.contacts.upsertMany(P2, [contact(21, { phone: '0151 1234567' })]);
    expect(await reading(21, P2)).toEqual({
      phone: '0151 1234567',
      e164: '+441511234567',
      region: 'GB',
    });
    await store.changes.changeContact(P2, 21, { phone: '020 7946 0123' }, T0 + 1_000);
    expect(await reading(21, P2)).toEqual({
      phone: '020 7946 0123',
      e164: '+442079460123',
      region: 'GB',
    });
  });

  it('keeps owners with their deactivation', async () => {
    const { store } = t;
    await store.owners.upsertMany(P1, [
      owner(11),
      owner(12, { archived: true, archivedAt: T0 + 5 }),
    ]);
    expect((await store.owners.list(P1)).map((o) => o.ownerId)).toEqual([11]);
    expect(await store.owners.list(P1, { includeArchived: true })).toEqual([
      owner(11),
      owner(12, { archived: true, archivedAt: T0 + 5 }),
    ]);
    expect(await store.owners.get(P2, 11)).toBeUndefined();
  });

  it('associates contacts and companies both ways', async () => {
    const { store } = t;
    await store.companies.upsertMany(P1, [company(70), company(71)]);
    await store.contacts.upsertMany(P1, [contact(1), contact(2)]);
    await store.contacts.associateCompany(P1, 1, 70, true);
    await store.contacts.associateCompany(P1, 1, 71, false);
    await store.contacts.associateCompany(P1, 2, 70, true);
    expect(await store.contacts.companiesOf(P1, 1)).toEqual([
      { companyId: 70, primary: true },
      { companyId: 71, primary: false },
    ]);
    expect(await store.companies.contactIds(P1, 70)).toEqual([1, 2]);
    expect(await store.companies.get(P1, 71)).toEqual(company(71));
    expect(await store.companies.count(P1)).toBe(2);
  });

  it('replaces a deal and its associations as a whole', async () => {
    const { store } = t;
    await store.deals.upsert(P1, deal(500, { amount: 1234.5 }), {
      contactIds: [1, 2],
      companyIds: [70],
    });
    await store.deals.upsert(P1, deal(500, { stage: 'closedlost', closedWon: false }), {
      contactIds: [2],
      companyIds: [],
    });
    expect(await store.deals.get(P1, 500)).toEqual({
      ...deal(500, { stage: 'closedlost', closedWon: false }),
      contactIds: [2],
      companyIds: [],
    });
    expect(await store.deals.get(P2, 500)).toBeUndefined();
    expect(await store.deals.count(P1)).toBe(1);
  });

  it("lists a contact's touches in time order and forgets a deleted touch", async () => {
    const { store } = t;
    await store.touches.upsert(P1, touch(2, { occurredAt: T0 + 2, type: 'email_in' }), {
      contactIds: [1],
      companyIds: [70],
    });
    await store.touches.upsert(P1, touch(1, { occurredAt: T0 + 1 }), {
      contactIds: [1, 3],
      companyIds: [],
    });
    await store.touches.upsert(P2, touch(9), { contactIds: [1], companyIds: [] });
    expect(await store.touches.forContact(P1, 1)).toEqual([
      { touchId: 1, ownerId: 11, type: 'meeting', occurredAt: T0 + 1 },
      { touchId: 2, ownerId: 11, type: 'email_in', occurredAt: T0 + 2 },
    ]);
    await store.touches.remove(P1, 1);
    expect(await store.touches.forContact(P1, 3)).toEqual([]);
    expect(await store.touches.count(P1)).toBe(1);
    expect(await store.touches.count(P2)).toBe(1);
  });

  it('moves a touch to its new contacts when its associations change', async () => {
    const { store } = t;
    await store.touches.upsert(P1, touch(5), { contactIds: [1, 2], companyIds: [70] });
    await store.touches.upsert(P1, touch(5, { type: 'call' }), {
      contactIds: [2, 3],
      companyIds: [],
    });
    expect(await store.touches.forContact(P1, 1)).toEqual([]);
    expect((await store.touches.forContact(P1, 2)).map((x) => x.type)).toEqual(['call']);
    expect((await store.touches.forContact(P1, 3)).map((x) => x.touchId)).toEqual([5]);
    expect(await store.touches.count(P1)).toBe(1);
  });

  it('pages through every (contact, touch) pair of a portal in contact order', async () => {
    const { store } = t;
    for (let i = 1; i <= 7; i += 1) {
      await store.touches.upsert(P1, touch(i, { occurredAt: T0 + i }), {
        contactIds: [i % 3, 10],
        companyIds: [],
      });
    }
    await store.touches.upsert(P2, touch(99), { contactIds: [1], companyIds: [] });
    const seen: [number, number][] = [];
    let after = { contactId: -1, touchId: -1 };
    for (;;) {
      const page = await store.touches.pageByContact(P1, after, 4);
      if (page.length === 0) break;
      seen.push(...page.map((r): [number, number] => [r.contactId, r.touchId]));
      const last = page[page.length - 1]!;
      after = { contactId: last.contactId, touchId: last.touchId };
    }
    expect(seen).toEqual([
      [0, 3],
      [0, 6],
      [1, 1],
      [1, 4],
      [1, 7],
      [2, 2],
      [2, 5],
      [10, 1],
      [10, 2],
      [10, 3],
      [10, 4],
      [10, 5],
      [10, 6],
      [10, 7],
    ]);
  });

  it("reads a contact range's pairs packed, as a transaction's repositories read them", async () => {
    const { store } = t;
    // Enough pairs to arrive in many pieces; ids and times past 2^32 as HubSpot's are.
    const types = ['meeting', 'call', 'email_in', 'email_out', 'note', 'event'] as const;
    for (let i = 0; i < 1_500; i += 1) {
      await store.touches.upsert(
        P1,
        touch(2 ** 40 + i, {
          type: types[i % types.length]!,
          occurredAt: T0 + i * 1_000,
          ownerId: i % 7 === 0 ? null : 2 ** 33 + (i % 5),
        }),
        { contactIds: [100 + (i % 40), 200 + (i % 3)], companyIds: [] },
      );
    }
    await store.touches.upsert(P2, touch(9), { contactIds: [120], companyIds: [] });
    const packed = await store.touches.contactRange(P1, 110, 201);
    const pairs = unpackTouches(packed);
    expect(pairs).toEqual(
      unpackTouches(await store.transaction((repos) => repos.touches.contactRange(P1, 110, 201))),
    );
    // Contacts 110–139 (38 touches each up to 119, 37 after) and 200–201 (500 each).
    expect(pairs).toHaveLength(10 * 38 + 20 * 37 + 2 * 500);
    expect(pairs.map((p) => p.contactId)).toEqual(
      pairs.map((p) => p.contactId).sort((a, b) => a - b),
    );
    expect(new Set(pairs.map((p) => p.type))).toEqual(new Set(types));
    expect(pairs.find((p) => p.touchId === 2 ** 40 + 7)).toEqual({
      contactId: 201,
      touchId: 2 ** 40 + 7,
      ownerId: null,
      type: 'call',
      occurredAt: T0 + 7_000,
    });
    expect(unpackTouches(await store.touches.contactRange(P1, 300, 400))).toEqual([]);
  });

  it('keeps networking teams, roles, activities and their links', async () => {
    const { store } = t;
    await store.networking.upsertTeam(
      P1,
      { teamId: 7, name: 'Health', purpose: null, goalId: 'g1', createdAt: T0 },
      [
        { objectType: 'contact', objectId: 1 },
        { objectType: 'company', objectId: 70 },
      ],
    );
    await store.networking.upsertRole(
      P1,
      { roleId: 8, teamId: 7, ownerId: 11, kind: 'relationship_owner', startsAt: T0, endsAt: null },
      [{ objectType: 'contact', objectId: 1 }],
    );
    await store.networking.upsertRole(
      P1,
      {
        roleId: 9,
        teamId: null,
        ownerId: 12,
        kind: 'manager_of_network',
        startsAt: null,
        endsAt: null,
      },
      [],
    );
    await store.networking.upsertActivity(
      P1,
      {
        activityId: 4,
        name: 'Summit',
        kind: 'event',
        teamId: 7,
        startsAt: T0,
        endsAt: null,
        cost: 2500,
      },
      [{ objectType: 'owner', objectId: 11 }],
    );
    expect(await store.networking.teams(P1)).toEqual([
      { teamId: 7, name: 'Health', purpose: null, goalId: 'g1', createdAt: T0 },
    ]);
    expect((await store.networking.roles(P1, { teamId: 7 })).map((r) => r.roleId)).toEqual([8]);
    expect((await store.networking.roles(P1)).map((r) => r.kind)).toEqual([
      'relationship_owner',
      'manager_of_network',
    ]);
    expect(await store.networking.teamTargets(P1, 7)).toEqual([
      { objectType: 'company', objectId: 70 },
      { objectType: 'contact', objectId: 1 },
    ]);
    expect(await store.networking.roleTargets(P1, 8)).toEqual([
      { objectType: 'contact', objectId: 1 },
    ]);
    expect(await store.networking.attendees(P1, 4)).toEqual([
      { objectType: 'owner', objectId: 11 },
    ]);
    expect((await store.networking.activities(P1))[0]).toMatchObject({
      name: 'Summit',
      cost: 2500,
    });
    expect(await store.networking.teams(P2)).toEqual([]);
  });

  it('versions settings and refuses a save based on a stale version', async () => {
    const { store } = t;
    expect(await store.settings.current(P1)).toBeUndefined();
    await store.settings.save(
      P1,
      { ...DEFAULT_SETTINGS, vision: 'v1' },
      { changedBy: 'ada@org.example', changedAt: T0, expectedVersion: 0 },
    );
    const second = await store.settings.save(
      P1,
      { ...DEFAULT_SETTINGS, vision: 'v2' },
      { changedBy: 'bob@org.example', changedAt: T0 + 1, note: 'sharper', expectedVersion: 1 },
    );
    expect(second.version).toBe(2);
    await expect(
      store.settings.save(P1, DEFAULT_SETTINGS, {
        changedBy: 'eve',
        changedAt: T0 + 2,
        expectedVersion: 1,
      }),
    ).rejects.toBeInstanceOf(SettingsConflictError);
    expect((await store.settings.current(P1))?.settings.vision).toBe('v2');
    expect((await store.settings.history(P1)).map((h) => [h.version, h.changedBy, h.note])).toEqual(
      [
        [2, 'bob@org.example', 'sharper'],
        [1, 'ada@org.example', null],
      ],
    );
    expect(await store.settings.current(P2)).toBeUndefined();
  });

  it('opens a finding once, refreshes it while it persists and keeps it as history once resolved', async () => {
    const { store } = t;
    const finding = {
      ruleId: 'ownerless',
      objectType: 'contact' as const,
      objectId: 1,
      severity: 'medium' as const,
      alertOwnerId: null,
      message: 'no owner',
      details: { a: 1 },
    };
    expect(await store.findings.record(P1, [finding], T0)).toEqual([fingerprintOf(finding)]);
    expect(
      await store.findings.record(P1, [{ ...finding, message: 'still no owner' }], T0 + 10),
    ).toEqual([]);
    const [open] = await store.findings.open(P1);
    expect(open).toMatchObject({
      message: 'still no owner',
      openedAt: T0,
      changedAt: T0 + 10,
      details: { a: 1 },
    });
    expect(await store.findings.resolve(P1, [fingerprintOf(finding)], T0 + 20)).toBe(1);
    expect(await store.findings.open(P1)).toEqual([]);
    expect(await store.findings.record(P1, [finding], T0 + 30)).toHaveLength(1);
    expect(await store.findings.open(P1, { objectType: 'contact', objectId: 1 })).toHaveLength(1);
    expect(await store.findings.open(P2)).toEqual([]);
  });

  it('reconciles several scopes at once, leaving findings outside them alone', async () => {
    const { store } = t;
    const finding = (ruleId: string, objectType: 'contact' | 'touch', objectId: number) => ({
      ruleId,
      objectType,
      objectId,
      severity: 'low' as const,
      alertOwnerId: null,
      message: ruleId,
      details: {},
    });
    await store.findings.record(
      P1,
      [
        finding('ownerless', 'contact', 1),
        finding('ownerless', 'contact', 2),
        finding('touch_unassociated', 'touch', 9),
        finding('touch_unassociated', 'touch', 10),
      ],
      T0,
    );
    const result = await store.findings.reconcile(
      P1,
      [
        { ruleIds: ['ownerless'], objectType: 'contact', ids: [1, 3] },
        { ruleIds: ['touch_unassociated'], objectType: 'touch', ids: [9] },
        { ruleIds: ['ownerless'], objectType: 'contact', ids: [] },
      ],
      [finding('ownerless', 'contact', 3)],
      T0 + 10,
    );
    expect(result).toEqual({ opened: 1, resolved: 2 });
    expect(
      (await store.findings.open(P1)).map((f) => `${f.objectType}:${f.objectId}`).sort(),
    ).toEqual(['contact:2', 'contact:3', 'touch:10']);
  });

  it('reconciles a range: an unchanged finding is left as it was, a changed one dated', async () => {
    const { store } = t;
    const scope = {
      ruleIds: ['ownerless'],
      objectType: 'contact' as const,
      range: { from: 1, to: 9 },
    };
    const finding = (objectId: number, message = 'no owner') => ({
      ruleId: 'ownerless',
      objectType: 'contact' as const,
      objectId,
      severity: 'medium' as const,
      alertOwnerId: null,
      message,
      details: { n: objectId },
    });
    expect(await store.findings.reconcile(P1, scope, [finding(1), finding(2)], T0)).toEqual({
      opened: 2,
      resolved: 0,
    });
    expect(
      await store.findings.reconcile(
        P1,
        scope,
        [finding(1), finding(2, 'still no owner')],
        T0 + 10,
      ),
    ).toEqual({ opened: 0, resolved: 0 });
    const dates = async () =>
      (await store.findings.history(P1, { objectType: 'contact', limit: 10 }))
        .map((f) => [f.objectId, f.message, f.openedAt, f.changedAt, f.resolvedAt])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(await dates()).toEqual([
      [1, 'no owner', T0, T0, null],
      [2, 'still no owner', T0, T0 + 10, null],
    ]);
    expect(
      await store.findings.reconcile(P1, scope, [finding(2, 'still no owner')], T0 + 20),
    ).toEqual({ opened: 0, resolved: 1 });
    expect(await dates()).toEqual([
      [1, 'no owner', T0, T0, T0 + 20],
      [2, 'still no owner', T0, T0 + 10, null],
    ]);
  });

  it('stores metric snapshots per period and overwrites a re-run period', async () => {
    const { store } = t;
    const point = { scopeType: 'team' as const, scopeId: 7, metric: 'coverage' };
    await store.snapshots.put(
      P1,
      [
        { ...point, period: '2026-10', value: 0.5 },
        { ...point, period: '2026-09', value: 0.4 },
      ],
      T0,
    );
    await store.snapshots.put(P1, [{ ...point, period: '2026-10', value: 0.55 }], T0 + 1);
    expect((await store.snapshots.series(P1, point)).map((p) => [p.period, p.value])).toEqual([
      ['2026-09', 0.4],
      ['2026-10', 0.55],
    ]);
  });

  it('ignores duplicate inbox events and outbox messages by their dedupe key', async () => {
    const { store } = t;
    const event = {
      portalId: P1,
      dedupeKey: 'k1',
      subscriptionType: 'contact.creation',
      objectId: 1,
      occurredAt: T0,
      payload: '{}',
    };
    expect(await store.inbox.append([event, { ...event, dedupeKey: 'k2' }], T0)).toBe(2);
    expect(await store.inbox.append([event, { ...event, dedupeKey: 'k3' }], T0 + 1)).toBe(1);
    expect(await store.inbox.append([{ ...event, portalId: P2 }], T0 + 1)).toBe(1);
    expect(await store.inbox.counts()).toEqual({ pending: 4 });
    const message = {
      portalId: P1,
      kind: 'task',
      dedupeKey: 'digest:11:2026-01-15',
      payload: { subject: 'x' },
    };
    expect(await store.outbox.enqueue([message], T0)).toBe(1);
    expect(await store.outbox.enqueue([message], T0 + 1)).toBe(0);
    expect(await store.outbox.counts()).toEqual({ pending: 1 });
  });

  it('rolls back every write of a failed transaction', async () => {
    const { store } = t;
    await expect(
      store.transaction(async (repos) => {
        await repos.contacts.upsertMany(P1, [contact(1)]);
        await repos.outbox.enqueue(
          [{ portalId: P1, kind: 'task', dedupeKey: 'x', payload: {} }],
          T0,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.contacts.count(P1)).toBe(0);
    expect(await store.outbox.counts()).toEqual({});
    await store.transaction((repos) => repos.contacts.upsertMany(P1, [contact(2)]));
    expect(await store.contacts.count(P1)).toBe(1);
  });

  it('keeps a derived transaction (one that need not wait for the disk) atomic too', async () => {
    const { store } = t;
    const write = (id: number, fail: boolean) =>
      store.transaction(
        async (repos) => {
          await repos.contacts.upsertMany(P1, [contact(id)]);
          await repos.dirty.mark(P1, 'contact', [id]);
          if (fail) throw new Error('boom');
        },
        { derived: true },
      );
    await expect(write(1, true)).rejects.toThrow('boom');
    expect(await store.contacts.count(P1)).toBe(0);
    expect((await store.dirty.take(10)).marks).toEqual([]);
    await write(2, false);
    expect(await store.contacts.count(P1)).toBe(1);
    expect((await store.dirty.take(10)).marks.map((m) => m.objectId)).toEqual([2]);
  });

  it("takes the oldest portal's marks in age order, says whether more are left, and a taken mark is gone", async () => {
    const { store } = t;
    await store.dirty.mark(P2, 'contact', [7]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.dirty.mark(P1, 'contact', [3, 1]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.dirty.mark(P1, 'touch', [9]);
    const taken = await store.dirty.take(10);
    expect(taken.marks.map((m) => [m.portalId, m.objectType, m.objectId])).toEqual([
      [P2, 'contact', 7],
    ]);
    // Portal one's marks are still there: the drain goes on.
    expect(taken.more).toBe(true);
    const p1 = await store.dirty.take(2, P1);
    expect(p1.marks.map((m) => `${m.objectType}:${m.objectId}`)).toEqual([
      'contact:1',
      'contact:3',
    ]);
    expect(p1.more).toBe(true);
    expect(await store.dirty.count()).toBe(1);
    const last = await store.dirty.take(10);
    expect(last.marks.map((m) => `${m.objectType}:${m.objectId}`)).toEqual(['touch:9']);
    expect(last.more).toBe(false);
    expect(await store.dirty.take(10)).toEqual({ marks: [], more: false });
    // `more` counts only the portal asked about.
    await store.dirty.mark(P1, 'contact', [1]);
    await store.dirty.mark(P2, 'contact', [2]);
    expect((await store.dirty.take(10, P1)).more).toBe(false);
  });

  it('puts taken marks back when the batch fails, and keeps a mark made while they were taken', async () => {
    const { store } = t;
    await store.dirty.mark(P1, 'contact', [1, 2]);
    await expect(
      store.transaction(
        async (repos) => {
          expect((await repos.dirty.take(10)).marks).toHaveLength(2);
          throw new Error('boom');
        },
        { derived: true },
      ),
    ).rejects.toThrow('boom');
    expect(await store.dirty.count()).toBe(2);

    // Contact 2 changes again while its batch runs: the change waits for the batch's commit
    // and leaves a mark of its own for the next batch.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let markedAgain: Promise<void> | undefined;
    const batch = store.transaction(
      async (repos) => {
        const { marks } = await repos.dirty.take(10);
        markedAgain = store.dirty.mark(P1, 'contact', [2]);
        await held;
        return marks;
      },
      { derived: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await batch).map((m) => m.objectId)).toEqual([1, 2]);
    await markedAgain;
    expect((await store.dirty.take(10)).marks.map((m) => m.objectId)).toEqual([2]);
  });

  it("replaces contacts' relationships: kept pairs updated, dropped pairs gone, others untouched", async () => {
    const { store } = t;
    const pair = (contactId: number, ownerId: number, score: number) =>
      relationship(contactId, ownerId, { score, reason: `${score}` });
    await store.relationships.replaceForContacts(
      P1,
      [1, 2, 3],
      [pair(1, 11, 10), pair(1, 12, 20), pair(2, 11, 30), pair(3, 11, 40)],
    );
    await store.relationships.replaceForContacts(P2, [1], [pair(1, 11, 50)]);
    await store.relationships.replaceForContacts(P1, [1, 2], [pair(1, 12, 25), pair(1, 13, 5)]);
    expect(await store.relationships.forContacts(P1, [1, 2, 3])).toEqual([
      pair(1, 12, 25),
      pair(1, 13, 5),
      pair(3, 11, 40),
    ]);
    expect(await store.relationships.forContacts(P2, [1])).toEqual([pair(1, 11, 50)]);
  });

  it("writes a recompute's results whole, a batch larger than one statement's parameters too", async () => {
    const { store } = t;
    const contactIds = Array.from({ length: 1_000 }, (_, i) => i + 1);
    // 3,000 relationships of 13 columns: more bound parameters than one bundled statement takes.
    const relationships = contactIds.flatMap((contactId) =>
      [11, 12, 13].map((ownerId) => relationship(contactId, ownerId, { score: ownerId })),
    );
    await store.transaction(
      (repos) =>
        repos.recompute.replaceResults(P1, {
          contactIds,
          relationships,
          insights: contactIds.map((id) => contactInsight(id)),
          companyIds: [],
          companies: [],
          findings: { open: [], fresh: [], now: T0 },
        }),
      { derived: true },
    );
    expect(await store.relationships.forContacts(P1, contactIds)).toHaveLength(3_000);
    expect(await store.insights.contacts(P1, contactIds)).toHaveLength(1_000);
  });

  it("reads a recompute's inputs in one go: contacts, groups, touches, links, company tallies and members, unassociated touches, open findings", async () => {
    const { store } = t;
    const insight = (contactId: number, maxScore: number, strong: number[]) =>
      contactInsight(contactId, {
        threads: strong.length,
        maxScore,
        strongestOwnerId: strong[0] ?? null,
        strongestActiveOwnerId: strong[0] ?? null,
        strongOwnerIds: strong,
      });
    await store.contacts.upsertMany(P1, [
      contact(1, { email: 'a@x.example' }),
      contact(2, { email: 'a@x.example' }),
      contact(3),
    ]);
    await store.contacts.upsertMany(P1, [contact(4)]);
    await store.contactKeys.replaceForContacts(
      P1,
      [1, 2],
      [1, 2].map((contactId) => ({ kind: 'email' as const, key: 'a@x.example', contactId })),
    );
    await store.contacts.associateCompanies(P1, [
      { contactId: 1, companyId: 60, primary: false },
      { contactId: 1, companyId: 70, primary: true },
      { contactId: 1, companyId: 90, primary: false },
      { contactId: 3, companyId: 70, primary: true },
      { contactId: 4, companyId: 80, primary: true },
    ]);
    // 0.1 + 0.2: a score must come back exactly, not as the 15 digits a JSON rendering may keep.
    const insights = [insight(1, 40, []), insight(3, 0.1 + 0.2, [11, 12]), insight(4, 10, [11])];
    await store.insights.replaceContacts(P1, [1, 3, 4], insights);
    const tallyOf = (companyId: number, contacts: typeof insights) => {
      const tally = new CompanyTally(companyId);
      for (const c of contacts) tally.addContact(c);
      return tally.result();
    };
    const company70 = tallyOf(70, insights.slice(0, 2));
    await store.insights.replaceCompanies(
      P1,
      [60, 70, 90],
      [tallyOf(60, insights.slice(0, 1)), company70, tallyOf(90, insights.slice(0, 1))],
    );
    // The links' marks taken, as a recompute would have; then 60 is marked again, and 90's row
    // is one written before the stored tallies.
    await store.transaction((repos) => repos.dirty.take(1_000, P1));
    await store.dirty.mark(P1, 'company', [60]);
    await t.exec('update company_insights set owner_ties = null where company_id = 90');
    await store.touches.upsert(P1, touch(5, { occurredAt: T0 + 5 }), {
      contactIds: [1],
      companyIds: [],
    });
    await store.touches.upsert(P1, touch(6), { contactIds: [], companyIds: [] });
    await store.touches.upsert(P2, touch(5), { contactIds: [1], companyIds: [] });

    const finding = (ruleId: string, objectType: 'contact' | 'touch', objectId: number) => ({
      ruleId,
      objectType,
      objectId,
      severity: 'low' as const,
      alertOwnerId: 11,
      message: ruleId,
      details: { n: 1 },
    });
    await store.findings.record(
      P1,
      [finding('ownerless', 'contact', 1), finding('ownerless', 'contact', 2)],
      T0,
    );
    const read = await store.recompute.inputs(P1, {
      contactIds: [1, 9],
      companyIds: [80],
      touchIds: [5, 6],
      findingScopes: [
        { ruleIds: ['ownerless'], objectType: 'contact', ids: [1, 9] },
        { ruleIds: ['touch_unassociated'], objectType: 'touch', ids: [] },
      ],
    });
    expect(read.openFindings).toEqual([
      {
        id: expect.any(Number) as number,
        fingerprint: 'ownerless:contact:1',
        message: 'ownerless',
        severity: 'low',
        details: '{"n":1}',
        alertOwnerId: 11,
      },
    ]);
    expect(read.contacts).toEqual([
      { ...contact(1, { email: 'a@x.example' }), phoneE164: '+12125550100', phoneRegion: null },
    ]);
    // Each key the contact holds, with the first of its holders: contact 2 holds it too.
    expect(read.heldKeys).toEqual([
      { kind: 'email', key: 'a@x.example', contactId: 1, firstHolder: 1 },
    ]);
    expect((await store.recompute.inputs(P1, { contactIds: [2] })).heldKeys).toEqual([
      { kind: 'email', key: 'a@x.example', contactId: 2, firstHolder: 1 },
    ]);
    expect(read.touches).toEqual([
      {
        contactId: 1,
        touchId: 5,
        ownerId: touch(5).ownerId,
        type: touch(5).type,
        occurredAt: T0 + 5,
      },
    ]);
    expect([...read.links].sort((a, b) => a.companyId - b.companyId)).toEqual(
      [60, 70, 90].map((companyId) => ({ contactId: 1, companyId })),
    );
    // Contact 1's part as stored, its companies' tallies to resume, and those to recount.
    expect(read.contactTallies).toEqual([
      { contactId: 1, threads: 0, maxScore: 40, strongestActiveOwnerId: null, strongOwnerIds: [] },
    ]);
    // 60's row can be resumed too; its mark is what makes it recounted.
    expect([...read.tallies].sort((a, b) => a.companyId - b.companyId)).toEqual([
      tallyOf(60, insights.slice(0, 1)),
      company70,
    ]);
    expect(company70).toMatchObject({
      maxScore: 0.1 + 0.2,
      strongestContactId: 3,
      ownerTies: [
        [11, 1],
        [12, 1],
      ],
    });
    expect([...read.recount].sort()).toEqual([60, 90]);
    // Every live contact of the company asked for.
    expect(read.members).toEqual([
      {
        companyId: 80,
        contactId: 4,
        threads: 1,
        maxScore: 10,
        strongestActiveOwnerId: 11,
        strongOwnerIds: [11],
      },
    ]);
    expect(read.unassociated).toEqual([
      { touchId: 6, type: touch(6).type, ownerId: touch(6).ownerId },
    ]);
    // Nothing asked, nothing read (and no `in ()` sent to the database).
    const nothing = await store.recompute.inputs(P1, { contactIds: [] });
    expect(Object.values(nothing).every((rows: unknown[]) => rows.length === 0)).toBe(true);
  });

  it('keeps a key a recompute wrote after the full run read its range, instead of failing the page', async () => {
    const { store } = t;
    const range = { from: 1, to: 10 };
    const had = await store.contactKeys.inRange(P1, range);
    const newer = { contactId: 3, kind: 'email' as const, key: 'new@x.example' };
    await store.contactKeys.replaceForContacts(P1, [3], [newer]);
    const other = { contactId: 4, kind: 'phone' as const, key: '+15550100' };
    await store.transaction((repos) =>
      repos.contactKeys.syncRange(
        P1,
        [{ contactId: 3, kind: 'email', key: 'old@x.example' }, other],
        had,
      ),
    );
    expect(await store.contactKeys.ofContacts(P1, [3, 4])).toEqual(
      expect.arrayContaining([newer, other]),
    );
    expect(await store.contactKeys.ofContacts(P1, [3, 4])).toHaveLength(2);
  });

  it('writes many new keys and findings exactly: texts that need escaping, no owner, more rows than one statement takes', async () => {
    const { store } = t;
    const awkward = ['o\'brien "jr", {x}', 'back\\slash\ttab', 'NULL', 'zoë@例え.jp', ''];
    const keys = Array.from({ length: 50_001 }, (_, i) => ({
      contactId: i + 1,
      kind: 'email' as const,
      key: `${awkward[i % awkward.length]}${i}`,
    }));
    const all = { from: 1, to: 60_000 };
    const none = await store.contactKeys.inRange(P1, all);
    const written = await store.transaction((repos) => repos.contactKeys.syncRange(P1, keys, none));
    expect(written).toEqual({ written: 50_001, removed: 0 });
    // The full run's read of a range (a binary COPY on PostgreSQL) and the rows' read agree: both
    // are all stale against no keys.
    const listed = (stored: KeyColumns) =>
      keyChanges(stored, []).stale.sort((a, b) => a.contactId - b.contactId);
    expect(listed(await store.contactKeys.inRange(P1, all))).toEqual(keys);
    expect(listed(await store.transaction((repos) => repos.contactKeys.inRange(P1, all)))).toEqual(
      keys,
    );
    const held = await store.contactKeys.ofContacts(
      P1,
      keys.map((k) => k.contactId),
    );
    expect(held.sort((a, b) => a.contactId - b.contactId)).toEqual(keys);
    // A later run where two contacts' keys changed and one lost its key writes only that.
    const changed = [
      { ...keys[0]!, key: 'new@x.example' },
      ...keys.slice(1, 3),
      { ...keys[3]!, key: 'other@x.example' },
    ];
    const before = await store.contactKeys.inRange(P1, { from: 1, to: 5 });
    expect(
      await store.transaction((repos) => repos.contactKeys.syncRange(P1, changed, before)),
    ).toEqual({ written: 2, removed: 3 });
    expect(await store.contactKeys.ofContacts(P1, [1, 2, 3, 4, 5, 6])).toEqual(
      expect.arrayContaining([...changed, keys[5]]),
    );
    expect(await store.contactKeys.ofContacts(P1, [5])).toEqual([]);

    const findings = awkward.map((message, i) => ({
      ruleId: 'ownerless',
      objectType: 'contact' as const,
      objectId: i + 1,
      severity: 'medium' as const,
      alertOwnerId: i === 0 ? null : 42,
      message,
      details: { note: message },
    }));
    expect(await store.findings.reconcile(P1, { ruleIds: ['ownerless'] }, findings, T0)).toEqual({
      opened: findings.length,
      resolved: 0,
    });
    const open = await store.findings.open(P1);
    expect(open.map((f) => [f.message, f.details, f.alertOwnerId, f.openedAt])).toEqual(
      findings.map((f) => [f.message, f.details, f.alertOwnerId, T0]),
    );
  });

  it("reads a contact's duplicate groups: every holder of the keys it holds", async () => {
    const { store } = t;
    const key = (contactId: number, kind: 'email' | 'phone', k: string) => ({
      contactId,
      kind,
      key: k,
    });
    await store.contactKeys.replaceForContacts(
      P1,
      [1, 2, 3, 4],
      [
        key(1, 'email', 'a@x.example'),
        key(1, 'phone', '+4930123'),
        key(2, 'email', 'a@x.example'),
        key(3, 'phone', '+4930123'),
        key(4, 'email', 'b@x.example'),
      ],
    );
    await store.contactKeys.replaceForContacts(P2, [5], [key(5, 'email', 'a@x.example')]);
    const ids = (rows: { contactId: number; kind: string }[]) =>
      rows.map((r) => `${r.kind}:${r.contactId}`).sort();
    expect(ids(await store.contactKeys.groupsOf(P1, [1]))).toEqual([
      'email:1',
      'email:2',
      'phone:1',
      'phone:3',
    ]);
    expect(ids(await store.contactKeys.groupsOf(P1, [1, 2]))).toEqual(
      ids(await store.contactKeys.groupsOf(P1, [1])),
    );
    expect(ids(await store.contactKeys.groupsOf(P1, [4]))).toEqual(['email:4']);
  });

  it('bulk-loads in one transaction: all rows or none', async () => {
    const { store } = t;
    const rows = Array.from({ length: 1_234 }, (_, i) => ({
      portal_id: P1,
      contact_id: i + 1,
      touch_id: i + 1,
      owner_id: null,
      type: 'note',
      occurred_at: T0 + i,
    }));
    await store.bulkLoad(async (bulk) => {
      await bulk.insert('touch_contacts', rows);
      await bulk.insert(
        'touches',
        rows.map((r) => ({
          portal_id: P1,
          touch_id: r.touch_id,
          type: 'note',
          occurred_at: r.occurred_at,
          logged_at: r.occurred_at,
          owner_id: 11,
          contact_ids: `[${r.contact_id}]`,
          company_ids: '[]',
        })),
      );
    });
    expect(await store.touches.count(P1)).toBe(1_234);
    expect(await store.touches.forContact(P1, 1_000)).toEqual([
      { touchId: 1_000, ownerId: null, type: 'note', occurredAt: T0 + 999 },
    ]);
    await expect(
      store.bulkLoad(async (bulk) => {
        await bulk.insert('owners', [
          {
            portal_id: P2,
            owner_id: 1,
            user_id: null,
            email: 'tab\tand\\slash\nnew',
            first_name: null,
            last_name: null,
            archived: 0,
            archived_at: null,
            updated_at: T0,
          },
        ]);
        throw new Error('crash mid-load');
      }),
    ).rejects.toThrow('crash mid-load');
    expect(await store.owners.list(P2, { includeArchived: true })).toEqual([]);
    await store.bulkLoad((bulk) =>
      bulk.insert('owners', [
        {
          portal_id: P2,
          owner_id: 1,
          user_id: null,
          email: 'tab\tand\\slash\nnew',
          first_name: null,
          last_name: null,
          archived: 0,
          archived_at: null,
          updated_at: T0,
        },
      ]),
    );
    expect((await store.owners.get(P2, 1))?.email).toBe('tab\tand\\slash\nnew');
  });

  it('bulk-loads values at the edges of their types, over many COPY chunks', async () => {
    const { store } = t;
    // 40,000 rows and a 1.4 MB text: several of PostgreSQL's 1 MB binary COPY chunks.
    const many = Array.from({ length: 40_000 }, (_, i) =>
      relationship(Math.floor(i / 4) + 1, (i % 4) + 1, {
        score: i / 7,
        scoreBefore: -(i + 1) / 3,
        scoreAtDeparture: i % 2 === 0 ? null : 0.1 + i,
        lastTouchAt: i % 3 === 0 ? null : -(2 ** 40) - i,
        touchCount: 2 ** 31 - 1 - i,
        reason: i % 2 === 0 ? `zoë 例え ${i}` : 'tab\tand\\slash\nnew',
      }),
    );
    const long = 'é'.repeat(700_000);
    await store.bulkLoad(async (bulk) => {
      await bulk.insertColumns(
        'relationships',
        objectRows(many.map((r) => toRelationshipRow(P1, r))),
      );
      await bulk.insert('owners', [
        {
          portal_id: P1,
          owner_id: Number.MAX_SAFE_INTEGER,
          user_id: null,
          email: long,
          first_name: '',
          last_name: null,
          archived: 0,
          archived_at: null,
          updated_at: T0,
        },
      ]);
    });
    const ids = [1, 2, 5_000, 9_999, 10_000];
    expect(await store.relationships.forContacts(P1, ids)).toEqual(
      many.filter((r) => ids.includes(r.contactId)),
    );
    const stored = await store.owners.get(P1, Number.MAX_SAFE_INTEGER);
    expect(stored?.email).toBe(long);
    expect(stored?.firstName).toBe('');
  });

  it('counts each risk flag of a portal in one read', async () => {
    const { store } = t;
    const none = { singleThreaded: 0, cold: 0, unthreaded: 0, orphaned: 0, ownerMismatch: 0 };
    expect(await store.insights.countFlags(P1)).toEqual(none);
    await store.insights.replaceContacts(
      P1,
      [1, 2, 3, 4],
      [
        contactInsight(1, { singleThreaded: true, ownerMismatch: true }),
        contactInsight(2, { cold: true, orphaned: true, ownerMismatch: true }),
        contactInsight(3, { unthreaded: true, ownerMismatch: true }),
        contactInsight(4),
      ],
    );
    await store.insights.replaceContacts(P2, [1], [contactInsight(1, { cold: true })]);
    expect(await store.insights.countFlags(P1)).toEqual({
      singleThreaded: 1,
      cold: 1,
      unthreaded: 1,
      orphaned: 1,
      ownerMismatch: 3,
    });
    expect(await store.insights.countFlags(P2)).toEqual({ ...none, cold: 1 });
  });

  it('drops the indexes a first audit defers only while their tables are empty, and builds them back', async () => {
    const { store } = t;
    const probes = deferredIndexProbes(dialect);
    const bothThere = async () => {
      await t.exec(probes.keys);
      await t.exec(probes.relationships);
    };
    await bothThere();
    expect(store.auditIndexes.deferred()).toBe(false);
    expect(await store.auditIndexes.defer()).toBe(true);
    expect(store.auditIndexes.deferred()).toBe(true);
    await expect(t.exec(probes.keys)).rejects.toThrow();
    await expect(t.exec(probes.relationships)).rejects.toThrow();
    const keys = [1, 2].map((contactId) => ({
      kind: 'email' as const,
      key: 'ada@acme.example',
      contactId,
    }));
    const none = await store.contactKeys.inRange(P1, { from: 1, to: 2 });
    await store.transaction((repos) => repos.contactKeys.syncRange(P1, keys, none));
    await store.relationships.replaceForContacts(P1, [1], [relationship(1, 11)]);
    // Lookups still answer, by scanning.
    expect(await store.contactKeys.groupsOf(P1, [2])).toEqual(expect.arrayContaining(keys));
    expect((await store.relationships.forOwner(P1, 11)).map((r) => r.contactId)).toEqual([1]);
    // A store opened while they are missing (a first audit stopped midway) builds them.
    const again = await t.reopen();
    await again.store.close();
    await bothThere();
    // Each table decides for its own index: with keys stored and no relationship, only the
    // relationships' is dropped; with both stored, nothing is.
    await store.relationships.replaceForContacts(P1, [1], []);
    expect(await store.auditIndexes.defer()).toBe(true);
    await t.exec(probes.keys);
    await expect(t.exec(probes.relationships)).rejects.toThrow();
    await store.auditIndexes.ensure();
    expect(store.auditIndexes.deferred()).toBe(false);
    await store.relationships.replaceForContacts(P1, [1], [relationship(1, 11)]);
    expect(await store.auditIndexes.defer()).toBe(false);
    expect(store.auditIndexes.deferred()).toBe(false);
    await bothThere();
  });

  it('builds every deferred index even when one of them fails to build', async () => {
    const probes = deferredIndexProbes(dialect);
    expect(await t.store.auditIndexes.defer()).toBe(true);
    // Something else holds the key index's name, so its build fails.
    await t.exec(
      dialect === 'sqlite'
        ? 'create table contact_keys_key_idx (x integer)'
        : 'create table contact_keys_key_hash_idx (x integer)',
    );
    await expect(t.store.auditIndexes.ensure()).rejects.toThrow(/contact_keys_key_(hash_)?idx/);
    await t.exec(probes.relationships);
    expect(t.store.auditIndexes.deferred()).toBe(false);
  });

  it('replaces a range of derived rows: changed, new and vanished rows; nothing outside it', async () => {
    const { store } = t;
    const rows = (portalId: number, rels: ReturnType<typeof relationship>[]) =>
      objectRows(rels.map((r) => toRelationshipRow(portalId, r)));
    const before = [
      relationship(1, 7),
      relationship(2, 7),
      relationship(2, 8),
      relationship(3, 7),
      relationship(5, 7),
    ];
    await store.bulkLoad(async (bulk) => {
      await bulk.insertColumns('relationships', rows(P1, before));
      await bulk.insertColumns('relationships', rows(P2, before));
    });
    const replace = (from: number, to: number, page: ReturnType<typeof relationship>[]) =>
      store.bulkLoad((bulk) =>
        bulk.replaceRange(
          'relationships',
          P1,
          ['contact_id', 'owner_id'],
          { from, to },
          rows(P1, page),
        ),
      );
    // Contacts 2..4: (2, 7) changes, (2, 8) and (3, 7) vanish, (4, 9) is new.
    const page = [relationship(2, 7, { score: 55, reason: 'two meetings' }), relationship(4, 9)];
    await replace(2, 4, page);
    expect(await store.relationships.forContacts(P1, [1, 2, 3, 4, 5])).toEqual([
      relationship(1, 7),
      ...page,
      relationship(5, 7),
    ]);
    expect(await store.relationships.forContacts(P2, [1, 2, 3, 4, 5])).toEqual(before);
    // A range whose rows all vanish.
    await replace(1, 4, []);
    expect(await store.relationships.forContacts(P1, [1, 2, 3, 4, 5])).toEqual([
      relationship(5, 7),
    ]);
  });
});

describe.each(testDialects())('migrations on %s', (dialect) => {
  it('migrates once, and re-opening an up-to-date store applies nothing', async () => {
    const t = await makeTestStore(dialect);
    try {
      const again = await t.reopen();
      expect(again.migrations).toEqual({ applied: [], current: '0012-company-tally' });
      await again.store.close();
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a store created by a newer version, naming the fix', async () => {
    const t = await makeTestStore(dialect);
    try {
      // A newer Rapport applied a migration this version does not know.
      await t.exec(
        "insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')",
      );
      const reopened = t.reopen();
      await expect(reopened).rejects.toBeInstanceOf(StoreError);
      await expect(t.reopen()).rejects.toMatchObject({
        code: 'store_too_new',
        hint: expect.stringContaining('upgrade Rapport'),
      });
    } finally {
      await t.cleanup();
    }
  });
});
