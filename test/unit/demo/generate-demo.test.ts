import { isValidPhoneNumber } from 'libphonenumber-js';
import { FLAW_KINDS, type DemoManifest, type FlawKind } from '../../../src/demo/demo-manifest.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings.js';
import type { Contact } from '../../../src/domain/types.js';
import type { Store } from '../../../src/store/store.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const AS_OF = Date.UTC(2026, 10, 1);
const PORTAL = 99_990_001;

async function allContacts(store: Store): Promise<Contact[]> {
  const out: Contact[] = [];
  for (let after = 0; ;) {
    const page = await store.contacts.page(PORTAL, after, 1_000);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.contactId;
  }
}

describe('the demo organization', () => {
  let t: TestStore;
  let manifest: DemoManifest;
  let contacts: Contact[];

  beforeAll(async () => {
    t = await makeTestStore('sqlite');
    ({ manifest } = await seedDemo(t.store, { portalId: PORTAL, seed: 7, asOf: AS_OF }));
    contacts = await allContacts(t.store);
  });
  afterAll(() => t.cleanup());

  it('has the default sizes: 50 networkers of whom 3 left, 3,000 contacts, 400 companies, ~60,000 touches, 250 deals, 6 teams, 20 activities', async () => {
    const stats = await t.store.portals.stats(PORTAL);
    expect(stats).toMatchObject({
      owners: 50,
      departedOwners: 3,
      contacts: 3_000,
      companies: 400,
      deals: 250,
      teams: 6,
      activities: 20,
    });
    expect(stats.touches).toBeGreaterThan(54_000);
    expect(stats.touches).toBeLessThan(66_000);
    expect(stats.touches).toBe(manifest.totals.touches);
    expect((await t.store.settings.current(PORTAL))?.settings.goals.length).toBeGreaterThan(0);
  });

  it('plants every kind of flaw', () => {
    for (const kind of FLAW_KINDS)
      expect([kind, manifest.counts[kind]]).toEqual([kind, expect.any(Number)]);
    const missing = FLAW_KINDS.filter((kind) => manifest.counts[kind] === 0);
    expect(missing).toEqual([]);
  });

  it('plants the contact-level flaws exactly where the manifest says, and nowhere else', async () => {
    const owners = new Map(
      (await t.store.owners.list(PORTAL, { includeArchived: true })).map((o) => [o.ownerId, o]),
    );
    const observed: Partial<Record<FlawKind, number[]>> = {};
    const note = (kind: FlawKind, id: number) => (observed[kind] ??= []).push(id);
    for (const c of contacts) {
      if (c.ownerId === null) note('ownerless', c.contactId);
      else if (owners.get(c.ownerId)?.archived) note('ownedByDeparted', c.contactId);
      if (c.email === null) note('missingEmail', c.contactId);
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) note('malformedEmail', c.contactId);
      // Read as the audit reads them: with the portal's region (the demo keeps the default, US).
      if (c.phone !== null && !isValidPhoneNumber(c.phone, DEFAULT_SETTINGS.hygiene.phoneRegion))
        note('malformedPhone', c.contactId);
      if (
        c.linkedinUrl !== null &&
        !/^https:\/\/www\.linkedin\.com\/in\/[\w-]+$/.test(c.linkedinUrl)
      )
        note('malformedLinkedin', c.contactId);
      if (c.primaryCompanyId === null) note('noCompany', c.contactId);
    }
    for (const kind of [
      'ownerless',
      'ownedByDeparted',
      'missingEmail',
      'malformedEmail',
      'malformedPhone',
      'malformedLinkedin',
      'noCompany',
    ] as const) {
      expect([kind, (observed[kind] ?? []).sort()]).toEqual([kind, [...manifest.ids[kind]].sort()]);
    }
  });

  it('plants duplicates that match their original by email (other case) or by name and company', async () => {
    for (const id of manifest.ids.duplicateEmailCase.slice(0, 20)) {
      const copy = await t.store.contacts.get(PORTAL, id);
      const twins = await t.store.contacts.findByEmail(PORTAL, copy!.email!);
      expect(twins.length).toBeGreaterThanOrEqual(2);
      expect(new Set(twins.map((c) => c.email)).size).toBeGreaterThanOrEqual(2);
    }
    for (const id of manifest.ids.duplicateNameCompany.slice(0, 20)) {
      const copy = contacts.find((c) => c.contactId === id)!;
      const twins = contacts.filter(
        (c) =>
          c.firstName === copy.firstName &&
          c.lastName === copy.lastName &&
          c.primaryCompanyId === copy.primaryCompanyId,
      );
      expect(twins.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('makes some key stakeholders known by one networker only', async () => {
    for (const id of manifest.ids.singleThreadedKeyStakeholder.slice(0, 30)) {
      const touches = await t.store.touches.forContact(PORTAL, id);
      expect(new Set(touches.map((x) => x.ownerId)).size).toBe(1);
      expect((await t.store.contacts.get(PORTAL, id))?.isKeyStakeholder).toBe(true);
    }
  });

  it('never dates a departed networker’s touch after their departure, nor any touch after asOf', async () => {
    const departed = (await t.store.owners.list(PORTAL, { includeArchived: true })).filter(
      (o) => o.archived,
    );
    const byId = new Map(departed.map((o) => [o.ownerId, o.archivedAt!]));
    for (const c of contacts.slice(0, 400)) {
      for (const touch of await t.store.touches.forContact(PORTAL, c.contactId)) {
        expect(touch.occurredAt).toBeLessThanOrEqual(
          touch.ownerId !== null && byId.has(touch.ownerId) ? byId.get(touch.ownerId)! : AS_OF,
        );
        expect(touch.occurredAt).toBeGreaterThan(AS_OF - 731 * 86_400_000);
      }
    }
  });

  it('plants the role-taxonomy and activity flaws', async () => {
    const [teamWithoutLead] = manifest.ids.teamWithoutLead;
    expect(
      (await t.store.networking.roles(PORTAL, { teamId: teamWithoutLead! })).some(
        (r) => r.kind === 'team_lead',
      ),
    ).toBe(false);
    const roles = await t.store.networking.roles(PORTAL);
    const expired = roles.find((r) => r.roleId === manifest.ids.expiredRole[0]);
    expect(expired?.endsAt).toBeLessThan(AS_OF);
    const held = roles.find((r) => r.roleId === manifest.ids.roleHeldByDeparted[0]);
    expect((await t.store.owners.get(PORTAL, held!.ownerId!))?.archived).toBe(true);
    const [overlapped] = manifest.ids.overlappingRelationshipOwner;
    let owners = 0;
    for (const role of roles.filter((r) => r.kind === 'relationship_owner')) {
      if (
        (await t.store.networking.roleTargets(PORTAL, role.roleId)).some(
          (x) => x.objectId === overlapped,
        )
      )
        owners += 1;
    }
    expect(owners).toBe(2);
    expect(
      await t.store.networking.attendees(PORTAL, manifest.ids.activityWithoutAttendees[0]!),
    ).toEqual([]);
    const activities = await t.store.networking.activities(PORTAL);
    expect(
      activities.find((a) => a.activityId === manifest.ids.activityWithoutCost[0])?.cost,
    ).toBeNull();
  });

  it('is deterministic: the same seed and day give the same organization, another seed another one', async () => {
    const again = await makeTestStore('sqlite');
    const other = await makeTestStore('sqlite');
    try {
      const second = await seedDemo(again.store, { portalId: PORTAL, seed: 7, asOf: AS_OF });
      const third = await seedDemo(other.store, { portalId: PORTAL, seed: 8, asOf: AS_OF });
      expect(second.manifest).toEqual(manifest);
      expect(await allContacts(again.store)).toEqual(contacts);
      const probe = contacts[1234]!.contactId;
      expect(await again.store.touches.forContact(PORTAL, probe)).toEqual(
        await t.store.touches.forContact(PORTAL, probe),
      );
      expect(third.manifest.ids.ownerless).not.toEqual(manifest.ids.ownerless);
    } finally {
      await again.cleanup();
      await other.cleanup();
    }
  });

  it('refuses to seed a portal that already exists, leaving it untouched', async () => {
    await expect(
      seedDemo(t.store, { portalId: PORTAL, seed: 1, asOf: AS_OF }),
    ).rejects.toMatchObject({ code: 'portal_exists' });
    expect(await t.store.contacts.count(PORTAL)).toBe(3_000);
  });
});
