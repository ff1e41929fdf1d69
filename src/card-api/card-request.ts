import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { verifyHubspotSignature, type SignedRequest } from '../ingest/verify-signature.js';

/** Who is asking, from the query parameters HubSpot appends, trusted only after the signature. */
export interface CardCaller {
  portalId: number;
  userId: number;
  userEmail: string | null;
}

export interface CardResponse {
  status: number;
  body: unknown;
}

export const cardError = (
  status: number,
  error: string,
  message: string,
  fields?: { path: string; message: string }[],
): CardResponse => ({ status, body: { error, message, ...(fields ? { fields } : {}) } });

const metadataSchema = z.object({
  portalId: z.coerce.number().int().positive(),
  userId: z.coerce.number().int().positive(),
  userEmail: z.string().optional(),
  appId: z.coerce.number().int().positive().optional(),
});

export interface CardAuthOptions {
  store: Store;
  /** Portals already found in the store (a portal is never removed while the service runs). */
  knownPortals?: Set<number>;
  clock: Clock;
  secrets: readonly string[];
}

/**
 * Verifies HubSpot's v3 signature over the request exactly as received (the signed URI includes
 * the portalId, userId, userEmail and appId HubSpot appended), then reads those parameters. The
 * portal must be one this service mirrors; everything downstream is scoped to it.
 */
export async function authenticateCardRequest(
  options: CardAuthOptions,
  request: SignedRequest,
): Promise<
  { ok: true; caller: CardCaller; query: URLSearchParams } | { ok: false; response: CardResponse }
> {
  if (options.secrets.length === 0)
    return {
      ok: false,
      response: cardError(
        503,
        'not_configured',
        'set HUBSPOT_CLIENT_SECRET so Rapport can verify requests from HubSpot cards',
      ),
    };
  const verdict = verifyHubspotSignature(request, {
    secrets: options.secrets,
    now: options.clock.now(),
    allowLegacy: false,
  });
  if (!verdict.ok) return { ok: false, response: cardError(401, verdict.reason, verdict.detail) };
  const query = new URL(request.uri).searchParams;
  const parsed = metadataSchema.safeParse(Object.fromEntries(query));
  if (!parsed.success)
    return {
      ok: false,
      response: cardError(
        400,
        'missing_metadata',
        'portalId and userId query parameters are required',
      ),
    };
  const { portalId, userId, userEmail } = parsed.data;
  if (options.knownPortals?.has(portalId) !== true && !(await options.store.portals.get(portalId)))
    return {
      ok: false,
      response: cardError(
        404,
        'unknown_portal',
        `portal ${portalId} is not connected to this Rapport`,
      ),
    };
  options.knownPortals?.add(portalId);
  return { ok: true, caller: { portalId, userId, userEmail: userEmail ?? null }, query };
}

/** A positive whole number from the query, or a 400 naming the parameter. */
export function idParam(
  query: URLSearchParams,
  name: string,
): { ok: true; id: number } | { ok: false; response: CardResponse } {
  const parsed = z.coerce
    .number()
    .int()
    .positive()
    .safeParse(query.get(name) ?? undefined);
  return parsed.success
    ? { ok: true, id: parsed.data }
    : {
        ok: false,
        response: cardError(
          400,
          'invalid_parameter',
          `${name} must be a record id (a positive whole number)`,
        ),
      };
}
