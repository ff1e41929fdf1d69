/**
 * A store's first audit builds the duplicate-key lookup index (and the relationships' by
 * networker) at its end; until then a recompute would scan the portal's keys for each contact.
 * The recomputes of this process wait for them.
 */
import { createRecomputer } from '../../../src/analytics/recompute.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { GOLDEN, seedCleanOrganization } from '../../helpers/golden-org.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const g = GOLDEN;

describe.each(testDialects())('recomputes during a first audit on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore(dialect);
    await seedCleanOrganization(t.store);
  });
  afterEach(() => t.cleanup());

  it('wait while the first audit builds its indexes, then run', async () => {
    const recompute = createRecomputer({
      store: t.store,
      clock: fixedClock(g.now),
      log: silentLogger(),
    });
    // Mid-run, the service tries to recompute: its drain returns at once, taking nothing.
    const during: { deferred: boolean; drained: Promise<{ marks: number }> }[] = [];
    await runAudit(t.store, g.portalId, {
      asOf: g.now,
      now: g.now,
      pageSize: 2,
      onProgress: (p) => {
        if (p.phase === 'contacts' && p.done === 2 && during.length === 0)
          during.push({
            deferred: t.store.auditIndexes.deferred(),
            drained: recompute.drain(),
          });
      },
    });
    expect(during.map((d) => d.deferred)).toEqual([true]);
    expect((await during[0]!.drained).marks).toBe(0);
    expect(t.store.auditIndexes.deferred()).toBe(false);

    // The same, deterministically: the index dropped as a first audit drops it.
    await t.store.dirty.clear(g.portalId);
    await t.store.dirty.mark(g.portalId, 'contact', [g.dana]);
    await t.exec('delete from contact_keys');
    await t.exec('delete from relationships');
    expect(await t.store.auditIndexes.defer()).toBe(true);
    expect((await recompute.drain()).marks).toBe(0);
    expect(await t.store.dirty.count(g.portalId)).toBe(1);
    await t.store.auditIndexes.ensure();
    expect((await recompute.drain()).marks).toBe(1);
    expect(await t.store.dirty.count(g.portalId)).toBe(0);
  });
});
