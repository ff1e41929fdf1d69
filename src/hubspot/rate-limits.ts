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

export function createRateLimits(options: RateLimitOptions): RateLimits {
  // strict: a rolling window like HubSpot's, not fixed buckets that allow 2× bursts at a boundary.
  const scale = options.timeScale ?? 1;
  const general = pThrottle({
    limit: options.requestsPer10s,
    interval: 10_000 / scale,
    strict: true,
  })(<T>(call: () => Promise<T>) => call());
  const search = pThrottle({
    limit: options.searchesPerSecond,
    interval: 1_000 / scale,
    strict: true,
  })(<T>(call: () => Promise<T>) => call());
  return {
    general: <T>(call: () => Promise<T>) => general(call) as Promise<T>,
    search: <T>(call: () => Promise<T>) => search(() => general(call)) as Promise<T>,
  };
}
