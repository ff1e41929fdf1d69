import type { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { TOUCH_TYPES } from '../domain/types.js';
import { startSqliteWorker } from './sqlite-worker.js';

/**
 * A worker thread with its own read-only connection that runs queries compiled on the main
 * thread. better-sqlite3 is synchronous: a read on the main connection stops the event loop and
 * the analysis for as long as it takes, while one here overlaps them. Two kinds of read:
 * `rows`, plain row objects (small results: aggregates, a few thousand rows); `pairs`, (contact,
 * touch) rows packed as they are stepped into typed arrays that are moved, not copied — creating
 * ten million row objects through native calls was a sixth of a full run on the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const codes = new Map(workerData.types.map((t, i) => [t, i]));
const prepared = (sql, raw) => {
  const key = (raw ? 'raw:' : '') + sql;
  let statement = statements.get(key);
  if (!statement) statements.set(key, (statement = db.prepare(sql).raw(raw)));
  return statement;
};
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (m.kind === 'rows') {
      parentPort.postMessage({ id: m.id, rows: prepared(m.sql, false).all(m.parameters) });
      return;
    }
    // Row by row into arrays of plain numbers: a page's rows never all exist as objects.
    const values = [];
    const codesOf = [];
    for (const [contactId, touchId, ownerId, type, occurredAt] of prepared(m.sql, true).iterate(m.parameters)) {
      const code = codes.get(type);
      if (code === undefined) throw new Error('touch ' + touchId + ' has an unknown type "' + type + '"');
      values.push(contactId, touchId, ownerId === null ? NaN : ownerId, occurredAt);
      codesOf.push(code);
    }
    const numbers = Float64Array.from(values);
    const types = Uint8Array.from(codesOf);
    parentPort.postMessage({ id: m.id, numbers, types }, [numbers.buffer, types.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: error.message });
  }
});
`;

export type ReadReply =
  | { id: number; rows: unknown[] }
  | { id: number; numbers: Float64Array<ArrayBuffer>; types: Uint8Array<ArrayBuffer> };
type Reply = ReadReply | { id: number; error: string };

export interface SqliteReadWorker {
  /**
   * Runs `query` on the worker and `decode`s its reply there. If the worker cannot start (a
   * database in memory, a file it cannot open) or fails, this read and every later one run
   * `fallback` on the main connection instead.
   */
  read<T>(
    kind: 'rows' | 'pairs',
    query: CompiledQuery,
    decode: (reply: ReadReply) => T,
    fallback: () => Promise<T>,
  ): Promise<T>;
  /** Closes the worker's connection; pending reads finish first. */
  stop(): Promise<void>;
}

/** A read worker on `file`, started at its first read. */
export function startSqliteReadWorker(file: string): SqliteReadWorker {
  type Read = { resolve: (reply: ReadReply) => void; reject: (e: Error) => void; fallback(): void };
  const pending = new Map<number, Read>();
  let nextId = 0;
  let failed = false;
  let running: { worker: Worker; exited: Promise<void> } | null = null;

  const settle = (id: number) => {
    const read = pending.get(id);
    pending.delete(id);
    // Referenced only while a read is in flight: an idle reader must not keep a process alive.
    if (pending.size === 0) running?.worker.unref();
    return read;
  };
  const fail = () => {
    failed = true;
    for (const id of [...pending.keys()]) settle(id)?.fallback();
  };
  const start = () => {
    const worker = startSqliteWorker(WORKER_SOURCE, { file, types: TOUCH_TYPES });
    worker.on('message', (reply: Reply) => {
      const read = settle(reply.id);
      if ('error' in reply) read?.reject(new Error(`reading on the worker: ${reply.error}`));
      else read?.resolve(reply);
    });
    worker.on('error', fail);
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        fail();
        resolve();
      }),
    );
    return { worker, exited };
  };

  return {
    read(kind, query, decode, fallback) {
      if (failed) return fallback();
      running ??= start();
      const { worker } = running;
      const id = (nextId += 1);
      worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, {
          resolve: (reply) => {
            try {
              resolve(decode(reply));
            } catch (error) {
              reject(error as Error);
            }
          },
          reject,
          fallback: () => void fallback().then(resolve, reject),
        });
        worker.postMessage({ id, kind, sql: query.sql, parameters: query.parameters });
      });
    },
    async stop() {
      if (!running) return;
      running.worker.ref();
      running.worker.postMessage('stop');
      await running.exited;
    },
  };
}
