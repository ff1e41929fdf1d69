/**
 * A recompute brings a company's insight up to date by swapping its changed contacts' parts in the
 * stored tally; these are the cases where that would be wrong and it must recount the company
 * from all its contacts, checked against what a full run writes.
 */
import { createRecomputer } from '../../../src/analytics/recompute.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import type { Store } from '../../../src/store/store.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 99_990_002;
const AS_OF = Date.UTC(2026, 10, 1);
const FIRST_CONTACT = 10_000_001;
const COMPANIES = Array.from({ length: 60 }, (_, i) => 2_000_001 + i);

const recomputer = (store: Store, batchSize: number) =>
  createRecomputer({ store, clock: fixedClock(AS_OF), log: silentLogger(), batchSize });

/** The company insights a full run writes now (it rewrites every one of them). */
async function fullRun(store: Store) {
  await runAudit(store, PORTAL, { asOf: AS_OF, now: AS_OF, snapshot: false });
  return store.insights.companies(PORTAL, COMPANIES);
}

describe.each(testDialects())('company insights swapped by a recompute on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore(dialect);
    await seedDemo(t.store, {
      portalId: PORTAL,
      seed: 5,
      asOf: AS_OF,
      contacts: 400,
      touches: 6_000,
      companies: 60,
    });
    await runAudit(t.store, PORTAL, { asOf: AS_OF, now: AS_OF });
  }, 60_000);
  afterEach(() => t.cleanup());

  it('recounts a company a contact joined whose own mark is still waiting', async () => {
    const { store } = t;
    const [company] = await store.insights.companies(PORTAL, COMPANIES);
    const companyId = company!.companyId;
    const linked = async (id: number) =>
      (await store.contacts.companyLinksOf(PORTAL, [id])).some((l) => l.companyId === companyId);
    let contactId = FIRST_CONTACT;
    while ((await linked(contactId)) || !(await store.insights.contacts(PORTAL, [contactId]))[0])
      contactId += 1;

    // The contact's mark is older than the link's, so a batch of one takes it alone.
    await store.transaction((repos) =>
      repos.changes.changeContact(PORTAL, contactId, { jobTitle: 'Director' }, AS_OF),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.transaction((repos) =>
      repos.changes.link('contact_company', PORTAL, contactId, companyId, true),
    );
    const batch = await recomputer(store, 1).runBatch();
    expect(batch.marks).toBe(1);
    expect(await store.dirty.count(PORTAL)).toBe(1);

    const [afterContact] = await store.insights.companies(PORTAL, [companyId]);
    expect(afterContact!.contacts).toBe(company!.contacts + 1);
    await recomputer(store, 1).drain();
    expect(await store.insights.companies(PORTAL, [companyId])).toEqual([afterContact]);
    expect((await fullRun(store)).find((c) => c.companyId === companyId)).toEqual(afterContact);
  });

  it('recounts a company whose strongest networker left', async () => {
    const { store } = t;
    const companies = await store.insights.companies(PORTAL, COMPANIES);
    // The company whose strength most other contacts also carry, so a recount finds another.
    const company = companies.reduce((a, b) => (b.threadedContacts > a.threadedContacts ? b : a));
    const owner = (await store.owners.list(PORTAL)).find(
      (o) => o.ownerId === company.strongestOwnerId,
    )!;
    await store.transaction((repos) => repos.owners.archiveByUserId(PORTAL, owner.userId!, AS_OF));
    await recomputer(store, 200).drain();

    const [recomputed] = await store.insights.companies(PORTAL, [company.companyId]);
    expect(recomputed!.strongestOwnerId).not.toBe(owner.ownerId);
    expect(recomputed!.maxScore).toBeGreaterThan(0);
    expect(await fullRun(store)).toContainEqual(recomputed);
  });

  it('swaps the part of a contact new meetings gave a strong tie', async () => {
    const { store } = t;
    const contactIds = Array.from({ length: 400 }, (_, i) => FIRST_CONTACT + i);
    const [link] = await store.contacts.companyLinksOf(PORTAL, contactIds);
    const [insight] = await store.insights.contacts(PORTAL, [link!.contactId]);
    const owner = (await store.owners.list(PORTAL)).find(
      (o) => !insight!.strongOwnerIds.includes(o.ownerId),
    )!;
    const [before] = await store.insights.companies(PORTAL, [link!.companyId]);
    await store.transaction(async (repos) => {
      for (let day = 1; day <= 6; day += 1)
        await repos.touches.upsert(
          PORTAL,
          {
            touchId: 91_000_010 + day,
            type: 'meeting',
            occurredAt: AS_OF - day * DAY_MS,
            loggedAt: AS_OF - day * DAY_MS,
            ownerId: owner.ownerId,
          },
          { contactIds: [link!.contactId], companyIds: [] },
        );
    });
    await recomputer(store, 200).drain();
    const [recomputed] = await store.insights.companies(PORTAL, [link!.companyId]);
    expect(recomputed!.ownerTies).toContainEqual([owner.ownerId, expect.any(Number)]);
    expect(recomputed).not.toEqual(before);
    expect(await fullRun(store)).toContainEqual(recomputed);
  });
});
