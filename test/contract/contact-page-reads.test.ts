import type { Contact } from '../../src/domain/types.js';
import { packContacts, unpackContacts } from '../../src/store/packed-contacts.js';
import { unpackLinks } from '../../src/store/packed-links.js';
import { contact } from '../helpers/builders.js';
import { makeTestStore, testDialects, type TestStore } from '../helpers/test-store.js';

const P1 = 101;
const P2 = 202;

/** Texts that travel as UTF-8 of every width, empty and missing ones, long ones past a COPY chunk. */
function tricky(i: number): Contact {
  return contact(10 + i, {
    email: i % 7 === 0 ? null : `person${i}@exämple.test`,
    firstName: i % 5 === 0 ? '' : (['Zoë', 'Ångström', '李', '🚀 Ada'][i % 4] ?? null),
    lastName: `Person ${i} ${'x'.repeat(i % 300)}`,
    phone: i % 3 === 0 ? null : `+44 20 7946 ${String(i % 10_000).padStart(4, '0')}`,
    companyName: i % 2 === 0 ? '株式会社例え' : null,
    ownerId: i % 11 === 0 ? null : 2 ** 33 + i,
    primaryCompanyId: i % 4 === 0 ? null : 2 ** 40 + i,
    isKeyStakeholder: i % 6 === 0,
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_760_000_000_000 + i,
  });
}

/** The full run's page read (packed where the rows arrive) against the row read, on every dialect. */
describe.each(testDialects())('contact page reads on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await makeTestStore(dialect);
    await t.store.contacts.upsertMany(
      P1,
      Array.from({ length: 1_200 }, (_, i) => tricky(i)),
    );
    await t.store.contacts.upsertMany(P2, [contact(500), contact(1_000_000)]);
    // Company links: none, one or two per contact, big ids; the other portal's on the same ids.
    await t.store.contacts.associateCompanies(
      P1,
      Array.from({ length: 1_200 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .flatMap((i) => [
          { contactId: 10 + i, companyId: 2 ** 40 + (i % 17), primary: true },
          ...(i % 2 === 0 ? [{ contactId: 10 + i, companyId: 900 + i, primary: false }] : []),
        ]),
    );
    await t.store.contacts.associateCompanies(P2, [
      { contactId: 500, companyId: 7, primary: true },
    ]);
    // Archived: in neither read. Unread phone (a row from before readings were stored): unread in both.
    await t.exec(`update contacts set archived = 1 where portal_id = ${P1} and contact_id = 15`);
    await t.exec(`update contacts set phone_read = 0 where portal_id = ${P1} and contact_id = 16`);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('packs each page as the rows read them, page after page, scoped to its portal', async () => {
    const seen: number[] = [];
    for (let after = 0; ;) {
      const rows = await t.store.contacts.page(P1, after, 500);
      const packed = await t.store.contacts.pagePacked(P1, after, 500);
      expect(unpackContacts(packed)).toEqual(rows);
      expect(packed).toEqual(packContacts(rows));
      const last = rows.at(-1);
      if (!last) break;
      seen.push(...rows.map((c) => c.contactId));
      after = last.contactId;
    }
    expect(seen).toHaveLength(1_199);
    expect(seen).not.toContain(15);
    const unread = await t.store.contacts.pagePacked(P1, 15, 1);
    expect(unpackContacts(unread)[0]).toMatchObject({ contactId: 16, phoneE164: undefined });
    expect(unpackContacts(await t.store.contacts.pagePacked(P1, 0, 1))[0]).toEqual({
      ...tricky(0),
      phoneE164: null,
      phoneRegion: null,
    });
  });

  it("packs a range's company links, archived contacts' included, scoped to its portal", async () => {
    const ids = Array.from({ length: 1_200 }, (_, i) => 10 + i);
    const sorted = (links: { contactId: number; companyId: number }[]) =>
      [...links].sort((a, b) => a.contactId - b.contactId || a.companyId - b.companyId);
    const expected = sorted(await t.store.contacts.companyLinksOf(P1, ids));
    const inRange = (from: number, to: number) =>
      expected.filter((l) => l.contactId >= from && l.contactId <= to);
    for (const [from, to] of [
      [10, 15],
      [16, 700],
      [701, 1_209],
    ] as const) {
      const packed = await t.store.contacts.companyLinksInRange(P1, from, to);
      expect(sorted(unpackLinks(packed))).toEqual(
        inRange(from, to).map(({ contactId, companyId }) => ({ contactId, companyId })),
      );
    }
    // Contact 15 is archived: its links are read (its companies lose a contact).
    expect(inRange(15, 15)).toHaveLength(1);
    expect(unpackLinks(await t.store.contacts.companyLinksInRange(P2, 0, 2_000))).toEqual([
      { contactId: 500, companyId: 7 },
    ]);
    expect(
      unpackLinks(await t.store.transaction((r) => r.contacts.companyLinksInRange(P1, 10, 20))),
    ).toHaveLength(inRange(10, 20).length);
  });

  it('reads the same page inside a transaction', async () => {
    const packed = await t.store.transaction((repos) => repos.contacts.pagePacked(P1, 100, 300));
    expect(packed).toEqual(await t.store.contacts.pagePacked(P1, 100, 300));
    expect(packed.length).toBe(300);
  });
});
