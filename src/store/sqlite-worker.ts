import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running inline source (not a file, so it runs the same under tsx, jest and the
 * build) with better-sqlite3 resolved from here: `workerData.driver` is what its `require` takes.
 */
export function startSqliteWorker(source: string, data: Record<string, unknown>): Worker {
  return new Worker(source, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), ...data },
  });
}
