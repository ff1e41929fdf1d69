import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot rejects nothing older than this and neither do we; future skew is bounded the same way. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The full URI as HubSpot called it (scheme, host, path, query). */
  uri: string;
  rawBody: Buffer;
  header(name: string): string | undefined;
}

export interface VerifyOptions {
  /** Current client secret first; the previous one is accepted during a rotation. */
  secrets: readonly string[];
  now: number;
  /** v1/v2 are weaker (no timestamp, SHA-256 of secret+data); accepted only when enabled. */
  allowLegacy: boolean;
}

export type VerifyOutcome =
  | { ok: true; version: 'v1' | 'v2' | 'v3' }
  | {
      ok: false;
      reason:
        | 'missing_signature'
        | 'missing_timestamp'
        | 'invalid_timestamp'
        | 'stale_timestamp'
        | 'future_timestamp'
        | 'bad_signature'
        | 'legacy_disabled';
      detail: string;
    };

// HubSpot's request-validation guide: these escapes are decoded in the URI before signing.
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function normalizeSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (m) => DECODED[m.toUpperCase()] ?? m,
  );
}

/** Verifies HubSpot's request signature (v3, or v1/v2 when allowed) in constant time. */
export function verifyHubspotSignature(
  request: SignedRequest,
  options: VerifyOptions,
): VerifyOutcome {
  const v3 = request.header('x-hubspot-signature-v3');
  if (v3 !== undefined) {
    const timestamp = request.header('x-hubspot-request-timestamp');
    if (timestamp === undefined)
      return {
        ok: false,
        reason: 'missing_timestamp',
        detail: 'X-HubSpot-Request-Timestamp header is missing',
      };
    const sentAt = Number(timestamp);
    if (!/^\d{10,16}$/.test(timestamp) || !Number.isSafeInteger(sentAt))
      return {
        ok: false,
        reason: 'invalid_timestamp',
        detail: 'X-HubSpot-Request-Timestamp is not epoch milliseconds',
      };
    if (options.now - sentAt > MAX_TIMESTAMP_SKEW_MS)
      return {
        ok: false,
        reason: 'stale_timestamp',
        detail: 'the request timestamp is older than 5 minutes',
      };
    if (sentAt - options.now > MAX_TIMESTAMP_SKEW_MS)
      return {
        ok: false,
        reason: 'future_timestamp',
        detail: 'the request timestamp is more than 5 minutes in the future',
      };
    const source = Buffer.concat([
      Buffer.from(`${request.method.toUpperCase()}${normalizeSignedUri(request.uri)}`, 'utf8'),
      request.rawBody,
      Buffer.from(timestamp, 'utf8'),
    ]);
    const given = Buffer.from(v3, 'base64');
    const match = options.secrets.some((secret) =>
      equal(createHmac('sha256', secret).update(source).digest(), given),
    );
    return match
      ? { ok: true, version: 'v3' }
      : { ok: false, reason: 'bad_signature', detail: 'X-HubSpot-Signature-v3 does not match' };
  }

  const legacy = request.header('x-hubspot-signature');
  if (legacy === undefined)
    return { ok: false, reason: 'missing_signature', detail: 'no X-HubSpot-Signature-v3 header' };
  const version = (request.header('x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (!options.allowLegacy)
    return {
      ok: false,
      reason: 'legacy_disabled',
      detail: `signature ${version} is not accepted; HubSpot sends v3 to current apps`,
    };
  if (version !== 'v1' && version !== 'v2')
    return { ok: false, reason: 'bad_signature', detail: `unknown signature version ${version}` };
  const given = Buffer.from(legacy, 'hex');
  const match = options.secrets.some((secret) => {
    const hash = createHash('sha256').update(secret, 'utf8');
    if (version === 'v2') hash.update(`${request.method.toUpperCase()}${request.uri}`, 'utf8');
    return equal(hash.update(request.rawBody).digest(), given);
  });
  return match
    ? { ok: true, version }
    : {
        ok: false,
        reason: 'bad_signature',
        detail: `X-HubSpot-Signature (${version}) does not match`,
      };
}

/** timingSafeEqual throws on different lengths; a throw would become a 500 that HubSpot retries. */
function equal(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What HubSpot would send: for tests, benchmarks and the local sender. */
export function signV3(
  secret: string,
  method: string,
  uri: string,
  body: string | Buffer,
  timestamp: number,
): string {
  return createHmac('sha256', secret)
    .update(
      Buffer.concat([
        Buffer.from(`${method}${uri}`, 'utf8'),
        Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
        Buffer.from(String(timestamp), 'utf8'),
      ]),
    )
    .digest('base64');
}
