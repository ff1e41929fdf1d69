import { z } from 'zod';
import { classifyHubspotError } from './hubspot-error.js';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimitOptions } from './rate-limits.js';
import { scopesFor, type GatewayOperation } from './scopes.js';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './with-retries.js';

/** Runs one HubSpot request: observed, rate-limited, retried where that helps, response zod-parsed. */
export type GatewayCall = <S extends z.ZodTypeAny>(
  operation: GatewayOperation,
  action: string,
  schema: S,
  request: () => Promise<unknown>,
  objectType?: string,
) => Promise<z.output<S>>;

export interface CallOptions {
  limits?: RateLimitOptions;
  retry?: Partial<RetryPolicy>;
  /** Observes every call with the scopes it needs (tests; metrics later). */
  onCall?: (operation: GatewayOperation, scopes: readonly string[], objectType?: string) => void;
}

/** For calls whose answer carries nothing Rapport reads. */
export const ANY_RESPONSE = z.unknown();

export function createGatewayCall(options: CallOptions): GatewayCall {
  const limits = createRateLimits(options.limits ?? DEFAULT_RATE_LIMITS);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  return async function call(operation, action, schema, request, objectType) {
    options.onCall?.(operation, scopesFor(operation, objectType), objectType);
    // CRM search has its own, tighter budget (5 per second) on top of the general one.
    const limited = operation === 'searchObjects' ? limits.search : limits.general;
    const response = await withRetries(action, () => limited(request), policy);
    const parsed = schema.safeParse(JSON.parse(JSON.stringify(response ?? null)));
    if (!parsed.success) {
      throw classifyHubspotError(
        new Error(
          `unexpected response shape: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        ),
        action,
      );
    }
    return parsed.data;
  };
}
