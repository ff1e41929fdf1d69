import { RapportError } from '../shared/errors.js';

export type HubspotErrorKind =
  | 'missing_scopes'
  | 'tier_required'
  | 'conflict'
  | 'not_found'
  | 'rate_limited'
  | 'unauthorized'
  | 'unreachable'
  | 'server_error'
  | 'rejected';

/** A HubSpot failure, classified so callers can act on the kind and operators read the fix. */
export class HubspotError extends RapportError {
  readonly kind: HubspotErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: HubspotErrorKind,
    message: string,
    options: {
      hint?: string;
      status?: number;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(`hubspot_${kind}`, message, {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      httpStatus: 502,
      cause: options.cause,
    });
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return (
      this.kind === 'rate_limited' || this.kind === 'server_error' || this.kind === 'unreachable'
    );
  }
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Maps what @hubspot/api-client throws (ApiException or a fetch error) to a HubspotError. */
export function classifyHubspotError(error: unknown, action: string): HubspotError {
  if (error instanceof HubspotError) return error;
  const networkCode = networkCodeOf(error);
  if (networkCode) {
    return new HubspotError(
      'unreachable',
      `HubSpot is unreachable while trying to ${action} (${networkCode})`,
      {
        hint: 'check the network, proxy and DNS of this machine, then run the command again',
        cause: error,
      },
    );
  }
  if (!isApiException(error)) {
    return new HubspotError(
      'rejected',
      `HubSpot call failed while trying to ${action}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  const status = error.code;
  const body = (typeof error.body === 'object' && error.body !== null ? error.body : {}) as {
    category?: string;
    message?: string;
    errors?: { message?: string; context?: Record<string, unknown> }[];
    context?: Record<string, unknown>;
  };
  const detail = body.message ?? (typeof error.body === 'string' ? error.body : '');
  const said = detail ? `: ${detail}` : '';
  if (status === 401) {
    return new HubspotError(
      'unauthorized',
      `HubSpot rejected the access token (401) while trying to ${action}`,
      { status, hint: "set HUBSPOT_ACCESS_TOKEN to the app's current token", cause: error },
    );
  }
  if (
    status === 402 ||
    /enterprise|subscription|tier|upgrade|not available for your (account|portal)/i.test(detail)
  ) {
    return new HubspotError(
      'tier_required',
      `HubSpot refused to ${action} for this portal's subscription (${status})${said}`,
      {
        status,
        hint: 'custom objects need an Enterprise subscription of any hub; upgrade the portal or install Rapport on an Enterprise portal',
        cause: error,
      },
    );
  }
  if (status === 403) {
    const scopes = requiredScopesOf(body);
    return new HubspotError(
      'missing_scopes',
      `the token may not ${action} (403${scopes.length ? `, missing ${scopes.join(', ')}` : ''})${said}`,
      {
        status,
        hint: "add the scopes to app.json's requiredScopes, upload the project and re-install the app so the token carries them",
        cause: error,
      },
    );
  }
  if (status === 404)
    return new HubspotError('not_found', `HubSpot found nothing to ${action} (404)${said}`, {
      status,
      cause: error,
    });
  if (status === 409)
    return new HubspotError(
      'conflict',
      `HubSpot reported a conflict while trying to ${action} (409)${said}`,
      { status, cause: error },
    );
  if (status === 429) {
    return new HubspotError(
      'rate_limited',
      `HubSpot rate limit reached while trying to ${action}`,
      { status, retryAfterMs: retryAfterMs(error.headers), cause: error },
    );
  }
  if (status >= 500)
    return new HubspotError(
      'server_error',
      `HubSpot failed (${status}) while trying to ${action}${said}`,
      { status, hint: 'HubSpot had a problem; run the command again later', cause: error },
    );
  return new HubspotError(
    'rejected',
    `HubSpot rejected the request to ${action} (${status})${said}`,
    { status, cause: error },
  );
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiExceptionLike).code === 'number'
  );
}

function networkCodeOf(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && depth < 4;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (
      (e as { type?: unknown }).type === 'system' &&
      typeof (e as { errno?: unknown }).errno === 'string'
    )
      return String((e as { errno: string }).errno);
  }
  return undefined;
}

/** HubSpot names the missing scopes in `errors[].context.requiredGranularScopes` (or on the body's context). */
function requiredScopesOf(body: {
  errors?: { context?: Record<string, unknown> }[];
  context?: Record<string, unknown>;
}): string[] {
  const contexts = [body.context, ...(body.errors ?? []).map((e) => e.context)];
  const scopes = contexts.flatMap((context) => {
    const listed = context?.['requiredGranularScopes'] ?? context?.['requiredScopes'];
    return Array.isArray(listed) ? listed.map(String) : [];
  });
  return [...new Set(scopes)];
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
