/**
 * Incremental recompute equals the full run: on the demo organization, a random stream of the
 * changes webhooks make (touches, property changes, merges, associations, deactivations, roles,
 * teams, deletions) is applied through the mirror's repositories, the dirty marks are drained, and
 * the stored analytics must be exactly what a fresh full run writes.
 */
import { createRecomputer } from '../../../src/analytics/recompute.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { TOUCH_TYPES } from '../../../src/domain/types.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import type { Store } from '../../../src/store/store.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 99_990_001;
const AS_OF = Date.UTC(2026, 10, 1);
const FIRST_CONTACT = 10_000_001;

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

async function dump(store: Store) {
  const contacts: number[] = [];
  for (let after = 0; ;) {
    const page = await store.contacts.page(PORTAL, after, 1_000);
    if (page.length === 0) break;
    contacts.push(...page.map((c) => c.contactId));
    after = page.at(-1)!.contactId;
  }
  const all = Array.from({ length: 3_400 }, (_, i) => FIRST_CONTACT + i);
  const relationships = await store.relationships.forContacts(PORTAL, all);
  const insights = await store.insights.contacts(PORTAL, all);
  const companies = await store.insights.companies(
    PORTAL,
    Array.from({ length: 450 }, (_, i) => 2_000_001 + i),
  );
  const findings = (await store.findings.open(PORTAL))
    .map((f) => ({
      fingerprint: f.fingerprint,
      severity: f.severity,
      message: f.message,
      details: f.details,
      alertOwnerId: f.alertOwnerId,
    }))
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  return { contacts: contacts.length, relationships, insights, companies, findings };
}

describe.each(testDialects())('incremental recompute on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await makeTestStore(dialect);
    await seedDemo(t.store, {
      portalId: PORTAL,
      seed: 11,
      asOf: AS_OF,
      contacts: 1_500,
      touches: 20_000,
    });
    await runAudit(t.store, PORTAL, { asOf: AS_OF, now: AS_OF });
  }, 120_000);
  afterAll(() => t.cleanup());

  // Drained once at the end, the marks come in batches of 50; drained every few changes, a
  // company's stored tally takes swap after swap, each on the one the last batch wrote.
  it.each([
    { seed: 2026, drainEvery: 200 },
    { seed: 7, drainEvery: 3 },
  ])(
    'after 200 random changes (seed $seed, drained every $drainEvery), equals a fresh full run',
    async ({ seed, drainEvery }) => {
      const r = rng(seed);
      const { store } = t;
      const recompute = createRecomputer({
        store,
        clock: fixedClock(AS_OF),
        log: silentLogger(),
        batchSize: 50,
      });
      const contactId = () => FIRST_CONTACT + r.int(0, 1_499);
      const owners = await store.owners.list(PORTAL, { includeArchived: true });
      const ownerId = () => owners[r.int(0, owners.length - 1)]!.ownerId;
      const active = owners.filter((o) => !o.archived);
      let touchId = 90_000_000 + seed * 1_000;
      let at = AS_OF - 5 * DAY_MS;
      for (let i = 0; i < 200; i += 1) {
        at += 1_000;
        const op = r.int(0, 11);
        await store.transaction(async (repos) => {
          if (op <= 2) {
            const type = TOUCH_TYPES[r.int(0, TOUCH_TYPES.length - 1)]!;
            const when = AS_OF - r.int(0, 400) * DAY_MS;
            await repos.touches.upsert(
              PORTAL,
              {
                touchId: (touchId += 1),
                type,
                occurredAt: when,
                loggedAt: when,
                ownerId: ownerId(),
              },
              { contactIds: r.next() < 0.1 ? [] : [contactId()], companyIds: [] },
            );
          } else if (op === 3) {
            await repos.touches.remove(PORTAL, 50_000_000 + r.int(1, 20_000));
          } else if (op === 4) {
            // Another contact's email or number makes a duplicate; a national or broken number is
            // read with the portal's region, an international one from the mirror's reading.
            const other = await repos.contacts.get(PORTAL, contactId());
            const phones = [other?.phone ?? null, '(212) 555-0147', '+1 12', '+44 20 7946 0123'];
            await repos.changes.changeContact(
              PORTAL,
              contactId(),
              r.next() < 0.5
                ? { email: other?.email ?? null }
                : { phone: phones[r.int(0, phones.length - 1)] ?? null },
              at,
            );
          } else if (op === 5) {
            await repos.changes.changeContact(
              PORTAL,
              contactId(),
              r.next() < 0.5
                ? { ownerId: ownerId() }
                : { jobTitle: null, linkedinUrl: 'linkedin.com/in/x' },
              at,
            );
          } else if (op === 6) {
            await repos.changes.setArchived('contact', PORTAL, contactId(), true);
          } else if (op === 7) {
            await repos.changes.link(
              'contact_company',
              PORTAL,
              contactId(),
              2_000_001 + r.int(0, 399),
              r.next() < 0.5,
            );
          } else if (op === 8 && i % 40 === 8) {
            const o = active[r.int(0, active.length - 1)]!;
            await repos.owners.archiveByUserId(PORTAL, o.userId!, at);
          } else if (op === 9) {
            await repos.networking.upsertRole(
              PORTAL,
              {
                roleId: 880_000 + seed * 1_000 + i,
                teamId: 700_001 + r.int(0, 5),
                ownerId: ownerId(),
                kind: 'relationship_owner',
                startsAt: AS_OF - 10 * DAY_MS,
                endsAt: null,
              },
              [{ objectType: 'contact', objectId: contactId() }],
            );
          } else if (op === 10) {
            const survivor = contactId();
            await repos.changes.merge('contact', PORTAL, survivor, [survivor + 1]);
          } else {
            const source = await repos.contacts.get(PORTAL, contactId());
            if (source)
              await repos.contacts.upsertMany(PORTAL, [
                {
                  ...source,
                  contactId: FIRST_CONTACT + 1_500 + i,
                  email: null,
                  phone: source.phone,
                },
              ]);
          }
        });
        if ((i + 1) % drainEvery === 0 && i + 1 < 200) await recompute.drain(120_000);
      }
      expect(await store.dirty.count(PORTAL)).toBeGreaterThan(0);
      const drained = await recompute.drain(120_000);
      expect(drained.marks).toBeGreaterThan(0);
      expect(await store.dirty.count(PORTAL)).toBe(0);
      const incremental = await dump(store);

      await runAudit(store, PORTAL, { asOf: AS_OF, now: AS_OF, snapshot: false });
      const full = await dump(store);
      expect(incremental.contacts).toBe(full.contacts);
      expect(incremental.findings).toEqual(full.findings);
      expect(incremental.insights).toEqual(full.insights);
      expect(incremental.relationships).toEqual(full.relationships);
      expect(incremental.companies).toEqual(full.companies);
    },
    180_000,
  );
});
