import type Database from 'better-sqlite3';
import { startSqliteWorker } from './sqlite-worker.js';

/**
 * Copies the WAL back into the database file from a worker thread with its own connection.
 * better-sqlite3 is synchronous, so SQLite's automatic checkpoint (run by whichever commit pushes
 * the WAL past 1,000 pages) stalls the event loop for the copy and its fsync: about 25 ms every
 * hundred small transactions on this machine kind, the whole p99 of a webhook's recompute. A
 * PASSIVE checkpoint takes no writer lock, so the main connection keeps committing meanwhile and
 * restarts the WAL from its start once a checkpoint has caught up.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try {
    const [r] = db.pragma('wal_checkpoint(' + mode + ')');
    parentPort.postMessage({ kind: 'checkpoint', mode, ...r });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: error.message });
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  kind: 'checkpoint';
  mode: 'PASSIVE' | 'TRUNCATE';
  busy: number;
  log: number;
  checkpointed: number;
}

export interface SqliteCheckpointer {
  /** Runs a last checkpoint and closes the worker's connection; call after the main one closed. */
  stop(): Promise<void>;
}

/**
 * Hands checkpoints to a worker and turns the main connection's own off. If the worker fails,
 * the main connection gets them back: the WAL must never grow without bound.
 */
export function startSqliteCheckpointer(
  main: Database.Database,
  file: string,
  options: { intervalMs?: number; onCheckpoint?: (r: CheckpointResult) => void } = {},
): SqliteCheckpointer {
  const worker = startSqliteWorker(WORKER_SOURCE, { file, intervalMs: options.intervalMs ?? 200 });
  worker.unref();
  const autocheckpoint = main.pragma('wal_autocheckpoint', { simple: true }) as number;
  main.pragma('wal_autocheckpoint = 0');
  const fallBack = () => {
    if (main.open) main.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  };
  worker.on('message', (m: CheckpointResult | { kind: 'error' }) => {
    if (m.kind === 'error') fallBack();
    else options.onCheckpoint?.(m);
  });
  worker.on('error', fallBack);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Unreferenced while it runs (it must not keep a finished process alive), but its last
      // checkpoint must be waited for.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
