import { createInboxWorker, type AppliedChange } from '../../../src/ingest/inbox-worker.js';
import { dedupeKey } from '../../../src/ingest/dedupe-key.js';
import { webhookEventSchema } from '../../../src/ingest/webhook-event.js';
import { createHubspotGateway } from '../../../src/hubspot/gateway.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createMetrics } from '../../../src/shared/metrics.js';
import type { Store } from '../../../src/store/store.js';
import { contact, owner, touch, T0 } from '../../helpers/builders.js';
import { fakeHubspotPortal, type FakeHubspotPortal } from '../../helpers/fake-hubspot-portal.js';
import { hubspotEvent } from '../../helpers/sign-hubspot-request.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const P = 99_990_001;

describe.each(testDialects())('inbox worker on %s', (dialect) => {
  let t: TestStore;
  let store: Store;
  let portal: FakeHubspotPortal;
  let now: number;
  let applied: AppliedChange[];
  const clock = { now: () => now };

  const worker = (over: Partial<Parameters<typeof createInboxWorker>[0]> = {}) =>
    createInboxWorker({
      store,
      gateway: createHubspotGateway({
        accessToken: 'pat-na1-test',
        limits: { requestsPer10s: 1_000, searchesPerSecond: 50 },
        retry: { sleep: async () => undefined },
      }),
      log: silentLogger(),
      metrics: createMetrics(),
      clock,
      random: () => 1,
      baseDelayMs: 1_000,
      maxAttempts: 3,
      onApplied: (changes) => void applied.push(...changes),
      ...over,
    });

  async function deliver(...events: Record<string, unknown>[]) {
    const parsed = events.map((e) => webhookEventSchema.parse(e));
    await store.inbox.append(
      parsed.map((e) => ({
        portalId: e.portalId,
        dedupeKey: dedupeKey(e),
        subscriptionType: e.subscriptionType,
        objectId: e.objectId ?? null,
        occurredAt: e.occurredAt,
        payload: JSON.stringify(e),
      })),
      now,
    );
  }

  beforeEach(async () => {
    t = await makeTestStore(dialect);
    store = t.store;
    portal = fakeHubspotPortal();
    now = T0 + 1_000_000;
    applied = [];
  });
  afterEach(async () => {
    portal.done();
    await t.cleanup();
  });

  it('applies property changes only when newer than what the mirror holds, whatever the delivery order', async () => {
    await store.contacts.upsertMany(P, [contact(1, { firstName: 'Old', updatedAt: T0 })]);
    await deliver(
      hubspotEvent({
        objectId: 1,
        propertyName: 'firstname',
        propertyValue: 'Newest',
        occurredAt: T0 + 300,
      }),
      hubspotEvent({
        objectId: 1,
        propertyName: 'firstname',
        propertyValue: 'Middle',
        occurredAt: T0 + 200,
      }),
      hubspotEvent({
        objectId: 1,
        propertyName: 'hubspot_owner_id',
        propertyValue: '12',
        occurredAt: T0 + 100,
      }),
      hubspotEvent({
        objectId: 1,
        propertyName: 'email',
        propertyValue: 'NEW@Acme.example',
        occurredAt: T0 + 100,
      }),
    );
    expect(await worker().drain()).toMatchObject({ applied: 4, retried: 0, deadLettered: 0 });
    expect(await store.contacts.get(P, 1)).toMatchObject({
      firstName: 'Newest',
      ownerId: 12,
      email: 'NEW@Acme.example',
    });
    expect(
      (await store.contacts.findByEmail(P, 'new@acme.example')).map((c) => c.contactId),
    ).toEqual([1]);
    await deliver(
      hubspotEvent({
        objectId: 1,
        propertyName: 'firstname',
        propertyValue: 'Stale',
        occurredAt: T0 - 1,
      }),
    );
    await worker().drain();
    expect((await store.contacts.get(P, 1))?.firstName).toBe('Newest');
    expect(await store.inbox.counts()).toEqual({ done: 5 });
  });

  it('creates a placeholder for a property change that arrives before the record', async () => {
    await deliver(
      hubspotEvent({
        objectId: 77,
        propertyName: 'jobtitle',
        propertyValue: 'CFO',
        occurredAt: T0,
      }),
    );
    await worker().drain();
    expect(await store.contacts.get(P, 77)).toMatchObject({
      contactId: 77,
      jobTitle: 'CFO',
      email: null,
    });
  });

  it('reads created records in one batch per object type, however many events the burst holds', async () => {
    for (let id = 1; id <= 150; id += 1)
      portal.addObject('contacts', id, {
        firstname: `C${id}`,
        email: `c${id}@acme.example`,
        hubspot_owner_id: '11',
      });
    portal.associate('contacts', 7, 'companies', [70]);
    await deliver(
      ...Array.from({ length: 150 }, (_, i) =>
        hubspotEvent({
          subscriptionType: 'object.creation',
          objectId: i + 1,
          propertyName: undefined,
          propertyValue: undefined,
          changeFlag: 'CREATED',
        }),
      ),
    );
    expect(await worker({ batchSize: 500 }).drain()).toMatchObject({ applied: 150 });
    expect(portal.count('POST', /^\/crm\/v3\/objects\/contacts\/batch\/read$/)).toBe(2); // 100 + 50
    expect(await store.contacts.count(P)).toBe(150);
    expect(await store.contacts.companiesOf(P, 7)).toEqual([{ companyId: 70, primary: false }]);
    expect(applied).toHaveLength(150);
  });

  it('turns created engagements into touches on their contacts', async () => {
    portal.addObject('meetings', 501, { hs_timestamp: String(T0), hubspot_owner_id: '11' });
    portal.addObject('emails', 502, {
      hs_timestamp: '2026-01-16T10:00:00.000Z',
      hubspot_owner_id: '12',
      hs_email_direction: 'INCOMING_EMAIL',
    });
    portal.associate('meetings', 501, 'contacts', [1, 2]);
    portal.associate('emails', 502, 'contacts', [1]);
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.creation',
        objectTypeId: '0-47',
        objectId: 501,
        propertyName: undefined,
      }),
      hubspotEvent({
        subscriptionType: 'object.creation',
        objectTypeId: '0-49',
        objectId: 502,
        propertyName: undefined,
      }),
    );
    await worker().drain();
    expect(await store.touches.forContact(P, 1)).toEqual([
      { touchId: 501, ownerId: 11, type: 'meeting', occurredAt: T0 },
      {
        touchId: 502,
        ownerId: 12,
        type: 'email_in',
        occurredAt: Date.parse('2026-01-16T10:00:00.000Z'),
      },
    ]);
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.deletion',
        objectTypeId: '0-47',
        objectId: 501,
        propertyName: undefined,
      }),
    );
    await worker().drain();
    expect(await store.touches.forContact(P, 2)).toEqual([]);
  });

  it('archives deleted records, lets merged ones follow the survivor, and follows association changes', async () => {
    await store.contacts.upsertMany(P, [contact(1), contact(2), contact(3)]);
    await store.touches.upsert(P, touch(900), { contactIds: [2], companyIds: [] });
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.merge',
        objectId: 1,
        primaryObjectId: 1,
        mergedObjectIds: [1, 2],
        propertyName: undefined,
      }),
      hubspotEvent({ subscriptionType: 'object.deletion', objectId: 3, propertyName: undefined }),
      hubspotEvent({
        subscriptionType: 'object.associationChange',
        objectId: 1,
        fromObjectId: 1,
        toObjectId: 70,
        toObjectTypeId: '0-2',
        associationRemoved: false,
        propertyName: undefined,
      }),
    );
    await worker().drain();
    expect(await store.contacts.get(P, 2)).toBeUndefined();
    expect(await store.contacts.get(P, 3)).toBeUndefined();
    expect((await store.touches.forContact(P, 1)).map((x) => x.touchId)).toEqual([900]);
    expect(await store.contacts.companiesOf(P, 1)).toEqual([{ companyId: 70, primary: false }]);
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.associationChange',
        objectId: 1,
        fromObjectId: 1,
        toObjectId: 70,
        toObjectTypeId: '0-2',
        associationRemoved: true,
        propertyName: undefined,
        occurredAt: T0 + 9,
      }),
    );
    await worker().drain();
    expect(await store.contacts.companiesOf(P, 1)).toEqual([]);
  });

  it('purges personal data on a privacy deletion, from the mirror and from stored payloads', async () => {
    await store.contacts.upsertMany(P, [contact(5, { email: 'private@acme.example' })]);
    await deliver(
      hubspotEvent({ objectId: 5, propertyName: 'phone', propertyValue: '+1 212 555 0100' }),
    );
    await worker().drain();
    await deliver(
      hubspotEvent({
        subscriptionType: 'contact.privacyDeletion',
        objectTypeId: undefined,
        objectId: 5,
        propertyName: undefined,
        propertyValue: undefined,
      }),
    );
    await worker().drain();
    expect(await store.contacts.findByEmail(P, 'private@acme.example')).toEqual([]);
    const stored = await store.inbox.eventsFor(P, 5);
    expect(stored.map((e) => e.subscriptionType).sort()).toEqual([
      'contact.privacyDeletion',
      'object.propertyChange',
    ]);
    expect(stored.every((e) => e.payload === '' || !e.payload.includes('212 555'))).toBe(true);
    expect(JSON.stringify(await store.deadLetters.list())).not.toContain('212 555');
  });

  it('marks a departed networker when the user is deactivated, and adds new users as owners', async () => {
    await store.owners.upsertMany(P, [owner(11, { userId: 70011 })]);
    portal.addOwner({
      id: 12,
      userId: 70012,
      email: 'new@org.example',
      firstName: 'New',
      lastName: 'Person',
    });
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.deletion',
        objectTypeId: '0-115',
        objectId: 70011,
        propertyName: undefined,
        occurredAt: T0 + 5,
      }),
      hubspotEvent({
        subscriptionType: 'object.creation',
        objectTypeId: '0-115',
        objectId: 70012,
        propertyName: undefined,
      }),
    );
    await worker().drain();
    expect(await store.owners.get(P, 11)).toMatchObject({ archived: true, archivedAt: T0 + 5 });
    expect(await store.owners.get(P, 12)).toMatchObject({
      email: 'new@org.example',
      archived: false,
    });
  });

  it('retries a failing read with backoff, then dead-letters it without blocking the other events', async () => {
    const failure = { status: 500, body: { status: 'error', message: 'boom' } };
    portal.failNext(
      'POST',
      /^\/crm\/v3\/objects\/companies\/batch\/read$/,
      ...Array.from({ length: 30 }, () => failure),
    );
    await deliver(
      hubspotEvent({
        subscriptionType: 'object.creation',
        objectTypeId: '0-2',
        objectId: 70,
        propertyName: undefined,
      }),
      hubspotEvent({ objectId: 1, propertyName: 'firstname', propertyValue: 'Unblocked' }),
    );
    const gateway = createHubspotGateway({
      accessToken: 'pat-na1-test',
      retry: { maxAttempts: 1, sleep: async () => undefined },
    });
    const w = worker({ gateway });
    expect(await w.runOnce()).toMatchObject({ claimed: 2, applied: 1, retried: 1 });
    expect((await store.contacts.get(P, 1))?.firstName).toBe('Unblocked');
    expect(await w.runOnce()).toMatchObject({ claimed: 0 }); // not due yet: backoff
    now += 1_000;
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    now += 2_000;
    expect(await w.runOnce()).toMatchObject({ claimed: 1, deadLettered: 1 });
    const [letter] = await store.deadLetters.list();
    expect(letter).toMatchObject({
      subscriptionType: 'object.creation',
      attempts: 3,
      reason: expect.stringContaining('gave up after 3 attempts: HubSpot failed (500)'),
    });
    expect(await store.deadLetters.waiting()).toBe(1);
    // Replay once HubSpot is healthy again.
    portal.done();
    portal = fakeHubspotPortal();
    portal.addObject('companies', 70, { name: 'Acme' });
    expect(await store.deadLetters.replay(letter!.id, now)).toBe(true);
    expect(await store.deadLetters.waiting()).toBe(0);
    await worker().drain();
    expect(await store.companies.get(P, 70)).toMatchObject({ name: 'Acme' });
  });

  it('dead-letters at once what can never succeed: a corrupt payload, or a read without a token', async () => {
    await store.inbox.append(
      [
        {
          portalId: P,
          dedupeKey: 'corrupt',
          subscriptionType: 'object.creation',
          objectId: 1,
          occurredAt: T0,
          payload: '{not json',
        },
      ],
      now,
    );
    await deliver(
      hubspotEvent({ subscriptionType: 'object.creation', objectId: 2, propertyName: undefined }),
    );
    expect(await worker({ gateway: undefined }).drain()).toMatchObject({ deadLettered: 2 });
    const reasons = (await store.deadLetters.list()).map((d) => d.reason).sort();
    expect(reasons[0]).toMatch(/^no HubSpot access token is configured/);
    expect(reasons[1]).toMatch(/^stored payload is not JSON/);
  });

  it('takes back the events of a worker that died mid-pass once their lease runs out', async () => {
    await deliver(
      hubspotEvent({ objectId: 1, propertyName: 'firstname', propertyValue: 'Eventually' }),
    );
    const lost = await store.inbox.claim(10, now, 30_000); // claimed by a worker that then crashes
    expect(lost).toHaveLength(1);
    expect(await worker().runOnce()).toMatchObject({ claimed: 0 });
    now += 30_001;
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, applied: 1 });
    expect((await store.contacts.get(P, 1))?.firstName).toBe('Eventually');
  });
});
