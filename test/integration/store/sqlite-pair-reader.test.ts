import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { TOUCH_TYPES } from '../../../src/domain/types.js';
import { startSqlitePairReader } from '../../../src/store/sqlite-pair-reader.js';
import type { Tables } from '../../../src/store/tables.js';
import { touch } from '../../helpers/builders.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const P = 77;

describe("a full run's touch pairs, read on a worker thread (SQLite)", () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
    // Every touch type, a touch without a networker, a touch on two contacts, ids past 2^31.
    for (const [i, type] of TOUCH_TYPES.entries())
      await t.store.touches.upsert(
        P,
        touch(4_000_000_000 + i, { type, ownerId: i === 2 ? null : 11 + i, occurredAt: 1_000 * i }),
        { contactIds: [10 + (i % 3), 20], companyIds: [] },
      );
  });
  afterEach(() => t.cleanup());

  it('returns the rows the main connection reads, in contact order', async () => {
    const onWorker = await t.store.touches.contactRange(P, 10, 20);
    const onMain = await t.store.transaction((repos) => repos.touches.contactRange(P, 10, 20));
    expect(onWorker).toEqual(onMain);
    expect(onWorker).toHaveLength(TOUCH_TYPES.length * 2);
    expect(onWorker.find((p) => p.type === TOUCH_TYPES[2])?.ownerId).toBeNull();
    expect(onWorker.map((p) => p.contactId)).toEqual(
      [...onWorker.map((p) => p.contactId)].sort((a, b) => a - b),
    );
    expect(await t.store.touches.contactRange(P, 12, 12)).toHaveLength(2);
  });

  it('falls back to the main connection when the worker cannot open the database', async () => {
    const fallback = jest.fn(() => Promise.resolve([]));
    // The query is only compiled on the main thread here.
    const db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    });
    const reader = startSqlitePairReader(db, '/nonexistent/rapport.sqlite', fallback);
    await expect(reader.contactRange(P, 10, 20)).resolves.toEqual([]);
    await expect(reader.contactRange(P, 10, 20)).resolves.toEqual([]);
    expect(fallback).toHaveBeenCalledTimes(2);
    await reader.stop();
    await db.destroy();
  });
});
