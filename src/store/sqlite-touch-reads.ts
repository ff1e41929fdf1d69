import type { Kysely } from 'kysely';
import type { PackedTouches } from './packed-touches.js';
import {
  contactRangeQuery,
  toTouchStat,
  toUnassociated,
  touchStatsQuery,
  unassociatedQuery,
  type TouchReads,
} from './repositories/touch-reads.js';
import type { ReadReply, SqliteReadWorker } from './sqlite-read-worker.js';
import type { Tables } from './tables.js';

/**
 * The touch reads a full audit makes outside any transaction, run on worker threads: the (contact,
 * touch) pairs of each page on one (the next page is read while this one is analysed), and the
 * period's statistics and unassociated touches on another, so that they overlap the whole contact
 * pass instead of waiting behind it (the audit asks for them before its first page). The queries
 * are the repository's own, compiled here, so both paths return the same rows; each falls back to
 * `main`, the repository on the main connection, when its worker cannot run.
 */
export function workerTouchReads(
  db: Kysely<Tables>,
  main: TouchReads,
  workers: { pairs: SqliteReadWorker; aside: SqliteReadWorker },
): Pick<TouchReads, 'contactRange' | 'stats' | 'unassociated'> {
  return {
    contactRange: (portalId, from, to) =>
      workers.pairs.read(
        'pairs',
        contactRangeQuery(db, portalId, from, to).compile(),
        packedPairs,
        () => main.contactRange(portalId, from, to),
      ),
    stats: (portalId, period, timelyMs) =>
      workers.aside.read(
        'rows',
        touchStatsQuery(db, portalId, period, timelyMs).compile(),
        (reply) => rowsOf<Parameters<typeof toTouchStat>[0]>(reply).map(toTouchStat),
        () => main.stats(portalId, period, timelyMs),
      ),
    // Only the whole portal's: a recompute's few ids are read in its own transaction.
    unassociated: (portalId, ids) =>
      ids
        ? main.unassociated(portalId, ids)
        : workers.aside.read(
            'rows',
            unassociatedQuery(db, portalId).compile(),
            (reply) => rowsOf<Parameters<typeof toUnassociated>[0]>(reply).map(toUnassociated),
            () => main.unassociated(portalId),
          ),
  };
}

function rowsOf<R>(reply: ReadReply): R[] {
  if (!('rows' in reply)) throw new Error('the read worker answered a rows read with pairs');
  return reply.rows as R[];
}

function packedPairs(reply: ReadReply): PackedTouches {
  if (!('numbers' in reply)) throw new Error('the read worker answered a pairs read with rows');
  return { numbers: reply.numbers, types: reply.types };
}
