import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import {
  startSqliteCheckpointer,
  type CheckpointResult,
} from '../../../src/store/sqlite-checkpointer.js';

describe('background WAL checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-wal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the WAL from growing while the main connection commits, and leaves none behind', async () => {
    const file = path.join(dir, 'store.sqlite');
    const main = new Database(file);
    main.pragma('journal_mode = WAL');
    main.pragma('synchronous = NORMAL');
    main.exec('create table t (id integer primary key, body blob)');
    const results: CheckpointResult[] = [];
    const checkpointer = startSqliteCheckpointer(main, file, {
      intervalMs: 20,
      onCheckpoint: (r) => results.push(r),
    });
    // The commit path no longer checkpoints: that is what stalled the event loop.
    expect(main.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    try {
      const insert = main.prepare('insert into t (body) values (?)');
      const page = Buffer.alloc(4000, 7);
      let largestWal = 0;
      for (let round = 0; round < 30; round += 1) {
        for (let i = 0; i < 100; i += 1) insert.run(page); // 100 commits of about a page each
        largestWal = Math.max(largestWal, fs.statSync(`${file}-wal`).size);
        await sleep(30);
      }
      // 3,000 one-page commits: without checkpoints the WAL would pass 12 MB; with them it restarts
      // from its start once a checkpoint has caught up (with room for a busy machine).
      expect(
        results.some((r) => r.mode === 'PASSIVE' && r.log > 0 && r.checkpointed === r.log),
      ).toBe(true);
      expect(largestWal).toBeLessThan(8 * 2 ** 20);
    } finally {
      if (main.open) main.close();
      await checkpointer.stop();
    }
    expect(results.at(-1)?.mode).toBe('TRUNCATE');
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('select count(*) as n from t').get()).toEqual({ n: 3000 });
    reopened.close();
  });
});
