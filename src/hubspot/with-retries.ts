import { classifyHubspotError, type HubspotError } from './hubspot-error.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (error: HubspotError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `call` until it succeeds or fails for good. 429s wait what `Retry-After` says (HubSpot's
 * ten-secondly window); 5xx and network failures back off exponentially with full jitter.
 * Anything else (4xx) fails at once: retrying cannot fix it.
 */
export async function withRetries<T>(
  action: string,
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (raw) {
      const error = classifyHubspotError(raw, action);
      if (!error.retryable || attempt >= policy.maxAttempts) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay =
        error.kind === 'rate_limited' && error.retryAfterMs !== undefined
          ? error.retryAfterMs
          : Math.round(policy.random() * backoff);
      policy.onRetry?.(error, attempt, delay);
      await policy.sleep(delay);
    }
  }
}
