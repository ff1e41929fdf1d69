/**
 * The contact analysis on a worker thread: it must start (from the TypeScript sources here, as from
 * the build) and give exactly what the same analysis gives on the main thread, page after page and
 * across pages (the duplicate index lives in the thread), and a full run through it must store
 * exactly what a run on the main thread stores.
 */
import { startAnalysisThread } from '../../../src/analytics/analysis-thread.js';
import { ContactPassAnalyzer } from '../../../src/analytics/contact-pass.js';
import { startFullRun } from '../../../src/analytics/full-audit.js';
import { withRelationships } from '../../../src/analytics/page-columns.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import { unpackContacts } from '../../../src/store/packed-contacts.js';
import { unpackLinks } from '../../../src/store/packed-links.js';
import type { Store } from '../../../src/store/store.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 99_990_002;
const AS_OF = Date.UTC(2026, 10, 1);

async function stored(store: Store) {
  const ids = Array.from({ length: 1_200 }, (_, i) => 10_000_001 + i);
  return {
    relationships: await store.relationships.forContacts(PORTAL, ids),
    insights: await store.insights.contacts(PORTAL, ids),
    keys: await store.contactKeys.ofContacts(PORTAL, ids),
    findings: (await store.findings.open(PORTAL))
      .map(({ fingerprint, message, details, alertOwnerId }) => ({
        fingerprint,
        message,
        details,
        alertOwnerId,
      }))
      .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
  };
}

describe('contact analysis thread', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await makeTestStore('sqlite');
    // Planted duplicates across pages: the index must carry from one page to the next.
    await seedDemo(t.store, {
      portalId: PORTAL,
      seed: 5,
      asOf: AS_OF,
      contacts: 1_200,
      touches: 12_000,
    });
  }, 60_000);
  afterAll(() => t.cleanup());

  it('starts, and analyses each page as the main thread does', async () => {
    const run = await startFullRun(t.store, PORTAL, AS_OF);
    const fallbacks: string[] = [];
    // The thread's duplicate index sized for the portal, the inline one grown as keys come.
    const thread = await startAnalysisThread(run.data, run.portal, 1_200, (reason) =>
      fallbacks.push(reason),
    );
    const inline = new ContactPassAnalyzer(run.portal);
    // The thread analyses in parts; here in parts of 7, to cross many part boundaries.
    const inParts = new ContactPassAnalyzer(run.portal);
    try {
      expect(fallbacks).toEqual([]);
      expect(thread.threaded).toBe(true);
      let duplicates = 0;
      for (let after = 0; ;) {
        const contacts = await t.store.contacts.page(PORTAL, after, 300);
        const last = contacts.at(-1);
        if (!last) break;
        const touches = await t.store.touches.contactRange(PORTAL, after + 1, last.contactId);
        const packedLinks = await t.store.contacts.companyLinksInRange(
          PORTAL,
          after + 1,
          last.contactId,
        );
        const links = unpackLinks(packedLinks);
        // A copy first: sending the page moves its pairs to the thread.
        const copy = { numbers: touches.numbers.slice(), types: touches.types.slice() };
        const expected = inline.analyze(contacts, copy, links);
        expect(inParts.analyzeParts(contacts, copy, links, (part) => part, 7).flat()).toEqual(
          expected,
        );
        // The page as the full run reads it: packed by the store's read worker.
        const packed = await t.store.contacts.pagePacked(PORTAL, after, 300);
        expect(unpackContacts(structuredClone(packed))).toEqual(contacts);
        const there = withRelationships(await thread.analyze(packed, touches, packedLinks));
        expect(there).toEqual(expected);
        duplicates += there.filter((a) =>
          a.findings.some((f) => f.ruleId.includes('duplicate')),
        ).length;
        after = last.contactId;
      }
      expect(duplicates).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  });

  it('a full run through the thread stores what a run on the main thread stores', async () => {
    await runAudit(t.store, PORTAL, { asOf: AS_OF, now: AS_OF, pageSize: 250, thread: false });
    const onMain = await stored(t.store);
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    await runAudit(t.store, PORTAL, { asOf: AS_OF, now: AS_OF, pageSize: 250, thread: true, log });
    expect(warnings).toEqual([]);
    expect(await stored(t.store)).toEqual(onMain);
    expect(onMain.relationships.length).toBeGreaterThan(1_000);
  });
});
