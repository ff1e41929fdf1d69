/**
 * A full run reads a page, analyses it and writes it. A recompute that commits in between would be
 * overwritten by the run's older analysis after taking the marks that would have redone it: the
 * recomputes of the run's process leave their marks until the run is over.
 */
import { createRecomputer } from '../../../src/analytics/recompute.js';
import { fullRunGoing } from '../../../src/analytics/full-runs.js';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { JOBS } from '../../../src/jobs/job-table.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import type { Store } from '../../../src/store/store.js';
import { touch } from '../../helpers/builders.js';
import { GOLDEN, seedCleanOrganization } from '../../helpers/golden-org.js';
import { makeTestStore, testDialects, type TestStore } from '../../helpers/test-store.js';

const g = GOLDEN;

describe.each(testDialects())('a recompute while an audit runs on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore(dialect);
    await seedCleanOrganization(t.store);
    await runAudit(t.store, g.portalId, { asOf: g.now, now: g.now });
  });
  afterEach(() => t.cleanup());

  it('leaves its marks for after the run, and then lands where a full run does', async () => {
    // The store the service shares between its audits and recomputes, with a moment held open
    // between the run's read of Dana's page (the second of one contact each) and its write.
    let writes = 0;
    let between: (() => Promise<void>) | null = null;
    const store: Store = {
      ...t.store,
      bulkLoad: async (work, options) => {
        writes += 1;
        if (writes === 2 && between) await between();
        return t.store.bulkLoad(work, options);
      },
    };
    const recompute = createRecomputer({ store, clock: fixedClock(g.now), log: silentLogger() });
    let during: { marks: number } | null = null;
    between = async () => {
      // Ben meets Dana: the mirror takes the touch and marks her, and the service recomputes.
      await store.touches.upsert(
        g.portalId,
        touch(9_001, {
          type: 'meeting',
          ownerId: g.ben,
          occurredAt: g.now - DAY_MS,
          loggedAt: g.now - DAY_MS,
        }),
        { contactIds: [g.dana], companyIds: [] },
      );
      during = await recompute.drain();
    };
    await runAudit(store, g.portalId, { asOf: g.now, now: g.now, pageSize: 1 });
    expect(during).toMatchObject({ marks: 0 });
    expect(await store.dirty.count(g.portalId)).toBeGreaterThan(0);

    expect((await recompute.drain()).contacts).toBe(1);
    const recomputed = await store.relationships.forContacts(g.portalId, [g.dana]);
    const benAndDana = recomputed.find((r) => r.ownerId === g.ben);
    expect(benAndDana?.lastTouchAt).toBe(g.now - DAY_MS);

    await runAudit(store, g.portalId, { asOf: g.now, now: g.now });
    expect(await store.relationships.forContacts(g.portalId, [g.dana])).toEqual(recomputed);
  });

  it('is made again by the scheduled audits once each run is over', async () => {
    const runs: boolean[] = [];
    const ctx = {
      store: t.store,
      gateway: undefined,
      clock: fixedClock(g.now),
      log: silentLogger(),
      portalIds: async () => [g.portalId],
      recompute: async () => {
        runs.push(fullRunGoing(t.store));
      },
    };
    for (const name of ['audit', 'snapshots']) await JOBS.find((j) => j.name === name)!.run(ctx);
    expect(runs).toEqual([false, false]);
  });
});
