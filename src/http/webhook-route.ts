import express, { type Express, type Request } from 'express';
import type { SignedRequest } from '../ingest/verify-signature.js';
import type { ReceiveResult } from '../ingest/receive-webhook.js';
import type { Metrics } from '../shared/metrics.js';

export const WEBHOOK_PATH = '/webhooks/hubspot';

export interface WebhookRouteOptions {
  receive: (request: SignedRequest) => Promise<ReceiveResult>;
  metrics: Metrics;
  /** https://host as HubSpot calls us; behind a proxy the Host header is not that. */
  publicBaseUrl: string | undefined;
}

/**
 * A thin adapter: the raw body (never a parsed one: the signature covers the bytes) and the URI
 * HubSpot called, handed to the framework-free receiver.
 */
export function mountWebhookRoute(options: WebhookRouteOptions): (app: Express) => void {
  return (app) => {
    app.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const stop = options.metrics.ackLatency.startTimer();
      const result = await options.receive(toSignedRequest(req, options.publicBaseUrl));
      res.status(result.status).json(result.body);
      stop();
    });
  };
}

export function toSignedRequest(req: Request, publicBaseUrl: string | undefined): SignedRequest {
  const origin = publicBaseUrl
    ? new URL(publicBaseUrl).origin
    : `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return {
    method: req.method,
    uri: `${origin}${req.originalUrl}`,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    header: (name) => req.get(name),
  };
}
