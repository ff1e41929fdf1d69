import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { TOUCH_TYPES } from '../../../src/domain/types.js';
import { packTouches } from '../../../src/store/packed-touches.js';
import { unpackTouches } from '../../helpers/unpack-touches.js';
import { createRepositories } from '../../../src/store/store.js';
import { startSqliteReadWorker } from '../../../src/store/sqlite-read-worker.js';
import { workerTouchReads } from '../../../src/store/sqlite-touch-reads.js';
import type { Tables } from '../../../src/store/tables.js';
import { touch } from '../../helpers/builders.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const P = 77;

describe("a full run's touch reads, on worker threads (SQLite)", () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
    // Every touch type, a touch without a networker, a touch on two contacts, ids past 2^31,
    // two logged late, and two on nobody at all.
    for (const [i, type] of TOUCH_TYPES.entries())
      await t.store.touches.upsert(
        P,
        touch(4_000_000_000 + i, {
          type,
          ownerId: i === 2 ? null : 11 + i,
          occurredAt: 1_000 * i,
          loggedAt: 1_000 * i + (i % 2 === 0 ? 0 : 10_000),
        }),
        { contactIds: [10 + (i % 3), 20], companyIds: [] },
      );
    for (const id of [5, 6])
      await t.store.touches.upsert(P, touch(id, { ownerId: 11 }), {
        contactIds: [],
        companyIds: [],
      });
  });
  afterEach(() => t.cleanup());

  const onMain = <T>(read: (repos: ReturnType<typeof createRepositories>) => Promise<T>) =>
    t.store.transaction(read);

  it('returns the pairs the main connection reads, in contact order', async () => {
    const onWorker = unpackTouches(await t.store.touches.contactRange(P, 10, 20));
    expect(onWorker).toEqual(
      unpackTouches(await onMain((repos) => repos.touches.contactRange(P, 10, 20))),
    );
    expect(onWorker).toHaveLength(TOUCH_TYPES.length * 2);
    expect(onWorker.find((p) => p.type === TOUCH_TYPES[2])?.ownerId).toBeNull();
    expect(onWorker.map((p) => p.contactId)).toEqual(
      [...onWorker.map((p) => p.contactId)].sort((a, b) => a - b),
    );
    expect((await t.store.touches.contactRange(P, 12, 12)).types).toHaveLength(2);
  });

  it("returns the period's statistics and the unassociated touches the main connection reads", async () => {
    const period = { from: 1_000, to: 1_000 * TOUCH_TYPES.length };
    const stats = await t.store.touches.stats(P, period, 5_000);
    expect(stats).toEqual(await onMain((repos) => repos.touches.stats(P, period, 5_000)));
    expect(stats.reduce((s, r) => s + r.count, 0)).toBe(TOUCH_TYPES.length - 1);
    expect(stats.reduce((s, r) => s + r.onTime, 0)).toBe(Math.floor((TOUCH_TYPES.length - 1) / 2));
    const alone = await t.store.touches.unassociated(P);
    expect(alone.map((r) => r.touchId)).toEqual([5, 6]);
    expect(alone).toEqual(await onMain((repos) => repos.touches.unassociated(P)));
    expect(await t.store.touches.unassociated(P, [6, 4_000_000_000])).toEqual([alone[1]]);
  });

  it('falls back to the main connection when the worker cannot open the database', async () => {
    // The queries are only compiled on the main thread here.
    const db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    });
    const main = createRepositories(db, 'sqlite').touches;
    const fallback = {
      ...main,
      contactRange: jest.fn(() => Promise.resolve(packTouches([]))),
      stats: jest.fn(() => Promise.resolve([])),
    };
    const workers = {
      pairs: startSqliteReadWorker('/nonexistent/rapport.sqlite'),
      aside: startSqliteReadWorker('/nonexistent/rapport.sqlite'),
    };
    const reads = workerTouchReads(db, fallback, workers);
    await expect(reads.contactRange(P, 10, 20)).resolves.toEqual(packTouches([]));
    await expect(reads.contactRange(P, 10, 20)).resolves.toEqual(packTouches([]));
    await expect(reads.stats(P, { from: 0, to: 1 }, 0)).resolves.toEqual([]);
    expect(fallback.contactRange).toHaveBeenCalledTimes(2);
    expect(fallback.stats).toHaveBeenCalledTimes(1);
    await Promise.all([workers.pairs.stop(), workers.aside.stop()]);
    await db.destroy();
  });
});
