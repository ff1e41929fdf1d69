import { Signature } from '@hubspot/api-client';
import {
  normalizeSignedUri,
  signV3,
  verifyHubspotSignature,
  type SignedRequest,
} from '../../../src/ingest/verify-signature.js';
import { hubspotFixture } from '../../helpers/fixtures.js';

interface Vector {
  name: string;
  signatureVersion: 'v1' | 'v2';
  method?: string;
  url?: string;
  requestBody: string;
  expectedSignature: string;
}
const reference = hubspotFixture<{ clientSecret: string; vectors: Vector[] }>(
  'signature-vectors.json',
);
const NOW = 1_795_000_000_000;

function request(
  over: Partial<{ method: string; uri: string; body: string; headers: Record<string, string> }>,
): SignedRequest {
  const headers = Object.fromEntries(
    Object.entries(over.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    method: over.method ?? 'POST',
    uri: over.uri ?? 'https://rapport.example.com/webhooks/hubspot',
    rawBody: Buffer.from(over.body ?? '[]'),
    header: (name) => headers[name.toLowerCase()],
  };
}

function v3(body: string, options: { secret?: string; timestamp?: number; uri?: string } = {}) {
  const timestamp = options.timestamp ?? NOW;
  const uri = options.uri ?? 'https://rapport.example.com/webhooks/hubspot';
  return request({
    uri,
    body,
    headers: {
      'x-hubspot-request-timestamp': String(timestamp),
      'x-hubspot-signature-v3': signV3(
        options.secret ?? 'secret-one',
        'POST',
        uri,
        body,
        timestamp,
      ),
    },
  });
}

const verify = (
  req: SignedRequest,
  over: Partial<{ secrets: string[]; allowLegacy: boolean; now: number }> = {},
) =>
  verifyHubspotSignature(req, {
    secrets: over.secrets ?? ['secret-one'],
    allowLegacy: over.allowLegacy ?? false,
    now: over.now ?? NOW,
  });

describe('HubSpot request signatures', () => {
  describe.each(reference.vectors)('reference vector: $name', (vector) => {
    const signed = () =>
      request({
        method: vector.method ?? 'POST',
        uri: vector.url ?? 'https://example.com',
        body: vector.requestBody,
        headers: {
          'x-hubspot-signature': vector.expectedSignature,
          'x-hubspot-signature-version': vector.signatureVersion,
        },
      });

    it('verifies when v1/v2 are enabled', () => {
      expect(verify(signed(), { secrets: [reference.clientSecret], allowLegacy: true })).toEqual({
        ok: true,
        version: vector.signatureVersion,
      });
    });
    it('is refused while v1/v2 are disabled', () => {
      expect(verify(signed(), { secrets: [reference.clientSecret] })).toMatchObject({
        ok: false,
        reason: 'legacy_disabled',
      });
    });
    it('fails after a one-byte change to the body, the method, the URL or the secret', () => {
      const base = signed();
      const flip = (s: string) =>
        s.length === 0 ? 'x' : `${s.slice(0, -1)}${s.endsWith('a') ? 'b' : 'a'}`;
      const options = { secrets: [reference.clientSecret], allowLegacy: true };
      expect(verify({ ...base, rawBody: Buffer.from(flip(vector.requestBody)) }, options).ok).toBe(
        false,
      );
      expect(
        verify({ ...base, secrets: undefined } as unknown as SignedRequest, {
          ...options,
          secrets: [flip(reference.clientSecret)],
        }).ok,
      ).toBe(false);
      if (vector.signatureVersion === 'v2') {
        expect(
          verify({ ...base, method: vector.method === 'GET' ? 'PUT' : 'GET' }, options).ok,
        ).toBe(false);
        expect(verify({ ...base, uri: flip(vector.url!) }, options).ok).toBe(false);
      }
    });
  });

  it('accepts a v3 signature and agrees with the official client as a cross-check', () => {
    const body = JSON.stringify([{ eventId: 1, portalId: 62515 }]);
    const req = v3(body);
    expect(verify(req)).toEqual({ ok: true, version: 'v3' });
    // Independent cross-check: the official client (which reads the clock itself) agrees.
    const now = Date.now();
    const fresh = signV3('secret-one', 'POST', req.uri, body, now);
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        clientSecret: 'secret-one',
        requestBody: body,
        url: req.uri,
        method: 'POST',
        signature: fresh,
        timestamp: now,
      }),
    ).toBe(true);
    expect(
      verify(
        {
          ...req,
          header: (n) =>
            n === 'x-hubspot-signature-v3'
              ? fresh
              : n === 'x-hubspot-request-timestamp'
                ? String(now)
                : undefined,
        },
        { now },
      ),
    ).toEqual({ ok: true, version: 'v3' });
  });

  it('rejects one changed byte anywhere, and a wrong secret', () => {
    const body = '[{"eventId":1}]';
    const req = v3(body);
    expect(verify({ ...req, rawBody: Buffer.from('[{"eventId":2}]') })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verify({ ...req, uri: `${req.uri}x` })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verify({ ...req, method: 'PUT' })).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verify(req, { secrets: ['secret-two'] })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('accepts the previous secret during a rotation', () => {
    expect(
      verify(v3('[]', { secret: 'old-secret' }), { secrets: ['new-secret', 'old-secret'] }),
    ).toEqual({ ok: true, version: 'v3' });
  });

  it('rejects timestamps older or newer than five minutes, and accepts the edges', () => {
    expect(verify(v3('[]', { timestamp: NOW - 5 * 60_000 - 1 }))).toMatchObject({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verify(v3('[]', { timestamp: NOW + 5 * 60_000 + 1 }))).toMatchObject({
      ok: false,
      reason: 'future_timestamp',
    });
    expect(verify(v3('[]', { timestamp: NOW - 5 * 60_000 }))).toMatchObject({ ok: true });
    expect(verify(v3('[]', { timestamp: NOW + 5 * 60_000 }))).toMatchObject({ ok: true });
  });

  it('reports a missing or malformed header instead of throwing', () => {
    expect(verify(request({}))).toMatchObject({ ok: false, reason: 'missing_signature' });
    expect(verify(request({ headers: { 'x-hubspot-signature-v3': 'abc' } }))).toMatchObject({
      ok: false,
      reason: 'missing_timestamp',
    });
    expect(
      verify(
        request({
          headers: { 'x-hubspot-signature-v3': 'abc', 'x-hubspot-request-timestamp': 'yesterday' },
        }),
      ),
    ).toMatchObject({ ok: false, reason: 'invalid_timestamp' });
    // A signature of the wrong length must not reach timingSafeEqual (it throws on unequal lengths).
    expect(
      verify(
        request({
          headers: {
            'x-hubspot-signature-v3': 'c2hvcnQ=',
            'x-hubspot-request-timestamp': String(NOW),
          },
        }),
      ),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('decodes the escapes HubSpot decodes before signing, and only those', () => {
    expect(normalizeSignedUri('https://x.example/a%3Ab%2Fc?q=%40%21%2A%2C%3B%20')).toBe(
      'https://x.example/a:b/c?q=@!*,;%20',
    );
    const uri = 'https://rapport.example.com/webhooks/hubspot?tag=a%3Ab';
    const timestamp = NOW;
    const signature = signV3(
      'secret-one',
      'POST',
      'https://rapport.example.com/webhooks/hubspot?tag=a:b',
      '[]',
      timestamp,
    );
    expect(
      verify(
        request({
          uri,
          body: '[]',
          headers: {
            'x-hubspot-signature-v3': signature,
            'x-hubspot-request-timestamp': String(timestamp),
          },
        }),
      ),
    ).toMatchObject({ ok: true });
  });
});
