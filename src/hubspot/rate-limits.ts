import pThrottle from 'p-throttle';

/**
 * HubSpot's published limits for a private app: 100 (Free/Starter) or 190 (Professional,
 * Enterprise) requests per rolling 10 s, and 5 CRM searches per second per account.
 * See ../shared/guide/hubspot-facts.md §6.
 */
export interface RateLimitOptions {
  requestsPer10s: number;
  searchesPerSecond: number;
  /**
   * Runs HubSpot's clock this many times faster (windows divided by it): only for the backfill
   * benchmark's fast-forwarded fake HubSpot. Default 1.
   */
  timeScale?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { requestsPer10s: 100, searchesPerSecond: 5 };

export interface RateLimits {
  /** Runs `call` when the ten-secondly budget allows it. */
  general<T>(call: () => Promise<T>): Promise<T>;
  /** Search calls count against both budgets. */
  search<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * HubSpot counts requests as they arrive; our timers fire late whenever the event loop is busy
 * (a SQLite transaction blocks it for tens of milliseconds), which packs requests closer than
 * planned. A margin on each window absorbs that: measured on the fake HubSpot, without it 3.8%
 * of a 100k backfill's calls met a 429, most of them searches (whose window is only 1 s).
 */
const GENERAL_MARGIN = 1.02;
const SEARCH_MARGIN = 1.1;

export function createRateLimits(options: RateLimitOptions): RateLimits {
  // strict: a rolling window like HubSpot's, not fixed buckets that allow 2× bursts at a boundary.
  const scale = options.timeScale ?? 1;
  const general = pThrottle({
    limit: options.requestsPer10s,
    interval: (10_000 * GENERAL_MARGIN) / scale,
    strict: true,
  })(<T>(call: () => Promise<T>) => call());
  const search = pThrottle({
    limit: options.searchesPerSecond,
    interval: (1_000 * SEARCH_MARGIN) / scale,
    strict: true,
  })(<T>(call: () => Promise<T>) => call());
  return {
    general: <T>(call: () => Promise<T>) => general(call) as Promise<T>,
    // The search slot is taken last, just before the request leaves: HubSpot counts searches
    // on arrival, and a search that waited in the general queue after its slot came up would
    // arrive bunched with the next ones.
    search: <T>(call: () => Promise<T>) => general(() => search(call)) as Promise<T>,
  };
}
