import type { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { TOUCH_TYPES, type PortalId, type TouchType } from '../domain/types.js';
import { contactRangeQuery, type ContactTouch } from './repositories/touch-reads.js';
import { startSqliteWorker } from './sqlite-worker.js';
import type { Tables } from './tables.js';

/**
 * The worker: its own read-only connection runs the range query in raw mode and sends each page
 * back as typed arrays, moved rather than copied. Creating ten million row objects through
 * better-sqlite3's native calls was a sixth of a full run on the main thread; rebuilding them from
 * typed arrays costs a tenth of that, and the reading itself overlaps the main thread's analysis.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const codes = new Map(workerData.types.map((t, i) => [t, i]));
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(m.sql);
    if (!statement) statements.set(m.sql, (statement = db.prepare(m.sql).raw(true)));
    // Row by row into arrays of plain numbers: a page's rows never all exist as objects.
    const values = [];
    const codesOf = [];
    for (const [contactId, touchId, ownerId, type, occurredAt] of statement.iterate(m.parameters)) {
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

type Pair = ContactTouch & { contactId: number };
type Reply =
  { id: number; numbers: Float64Array; types: Uint8Array } | { id: number; error: string };

export interface SqlitePairReader {
  contactRange(portalId: PortalId, from: number, to: number): Promise<Pair[]>;
  /** Closes the worker's connection; pending reads finish first. */
  stop(): Promise<void>;
}

/**
 * A full run's (contact, touch) pairs, read on a worker thread started at the first read. The
 * query is the repository's own (compiled here, run there), so both paths return the same rows.
 * If the worker fails, reads fall back to `fallback` on the main connection (a database the
 * worker cannot open, such as one in memory, reads there from the start).
 */
export function startSqlitePairReader(
  db: Kysely<Tables>,
  file: string,
  fallback: (portalId: PortalId, from: number, to: number) => Promise<Pair[]>,
): SqlitePairReader {
  type Read = {
    args: [PortalId, number, number];
    resolve: (p: Pair[]) => void;
    reject: (e: Error) => void;
  };
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
    for (const id of [...pending.keys()]) {
      const read = settle(id);
      if (read) fallback(...read.args).then(read.resolve, read.reject);
    }
  };
  const start = () => {
    const worker = startSqliteWorker(WORKER_SOURCE, { file, types: TOUCH_TYPES });
    worker.on('message', (reply: Reply) => {
      const read = settle(reply.id);
      if ('error' in reply)
        read?.reject(new Error(`reading touches on the worker: ${reply.error}`));
      else read?.resolve(unpack(reply.numbers, reply.types));
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
    contactRange(portalId, from, to) {
      if (failed) return fallback(portalId, from, to);
      running ??= start();
      const { worker } = running;
      const { sql, parameters } = contactRangeQuery(db, portalId, from, to).compile();
      const id = (nextId += 1);
      worker.ref();
      return new Promise<Pair[]>((resolve, reject) => {
        pending.set(id, { args: [portalId, from, to], resolve, reject });
        worker.postMessage({ id, sql, parameters });
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

function unpack(numbers: Float64Array, types: Uint8Array): Pair[] {
  // Lengths match by construction (four numbers and one type code per row, codes checked there).
  const at = (k: number) => numbers[k] ?? Number.NaN;
  const pairs = new Array<Pair>(types.length);
  for (let i = 0; i < types.length; i += 1) {
    const ownerId = at(4 * i + 2);
    pairs[i] = {
      contactId: at(4 * i),
      touchId: at(4 * i + 1),
      ownerId: Number.isNaN(ownerId) ? null : ownerId,
      type: TOUCH_TYPES[types[i] ?? 0] as TouchType,
      occurredAt: at(4 * i + 3),
    };
  }
  return pairs;
}
