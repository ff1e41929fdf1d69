import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';

export interface RunReport {
  claimed: number;
  applied: number;
  retried: number;
  deadLettered: number;
}

const HOUR = 3_600_000;
/** Dedupe keys must outlive HubSpot's 24 h of retries, with margin. */
export const KEEP_DEDUPE_KEYS_MS = 72 * HOUR;

/**
 * Runs worker passes: all due now (`drain`), or continuously until stopped, idling when the inbox
 * is empty and pruning processed payloads on the way.
 */
export function createWorkerLoop(
  runOnce: () => Promise<RunReport>,
  options: {
    store: Store;
    log: Logger;
    clock: Clock;
    idleMs?: number | undefined;
    pruneEveryMs?: number | undefined;
  },
) {
  const { store, log, clock } = options;
  let running: Promise<void> | undefined;
  let stopping = false;
  return {
    /** Drains everything due now (tests, `rapport inbox drain`), for at most `maxMs`. */
    async drain(maxMs = Infinity): Promise<RunReport> {
      const total: RunReport = { claimed: 0, applied: 0, retried: 0, deadLettered: 0 };
      const until = Date.now() + maxMs;
      while (Date.now() < until) {
        const r = await runOnce();
        if (r.claimed === 0) return total;
        total.claimed += r.claimed;
        total.applied += r.applied;
        total.retried += r.retried;
        total.deadLettered += r.deadLettered;
      }
      return total;
    },
    start(): void {
      if (running) return;
      stopping = false;
      const idleMs = options.idleMs ?? 250;
      const pruneEveryMs = options.pruneEveryMs ?? HOUR;
      let prunedAt = 0;
      running = (async () => {
        while (!stopping) {
          try {
            if (clock.now() - prunedAt >= pruneEveryMs) {
              prunedAt = clock.now();
              // Payloads are only needed until applied.
              await store.inbox.prune(prunedAt - HOUR, prunedAt - KEEP_DEDUPE_KEYS_MS);
            }
            const r = await runOnce();
            if (r.claimed === 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
          } catch (error) {
            log.error({ err: error }, 'inbox worker pass failed; retrying');
            await new Promise((resolve) => setTimeout(resolve, idleMs * 4));
          }
        }
      })();
    },
    /** Finishes the pass in progress, then stops. */
    async stop(): Promise<void> {
      stopping = true;
      await running;
      running = undefined;
    },
  };
}
