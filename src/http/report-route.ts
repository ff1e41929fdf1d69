import type { Express, Request } from 'express';
import type { SignedRequest } from '../ingest/verify-signature.js';
import { toSignedRequest } from './webhook-route.js';

export interface ReportRouteOptions {
  /** Builds the page for an authorised request, or says why not. */
  render: (
    request: SignedRequest & { local: boolean },
  ) => Promise<{ status: number; html?: string; error?: unknown }>;
  publicBaseUrl: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const isLocal = (req: Request) => LOOPBACK.has(req.socket.remoteAddress ?? '');

/** `GET /`: the network report (HTML), as a browser or HubSpot's signed fetch asks for it. */
export function mountReportRoute(options: ReportRouteOptions): (app: Express) => void {
  return (app) => {
    app.get('/', async (req, res) => {
      const result = await options.render({
        ...toSignedRequest(req, options.publicBaseUrl),
        local: isLocal(req),
      });
      if (result.html !== undefined)
        res.status(result.status).type('html').set('cache-control', 'no-store').send(result.html);
      else res.status(result.status).json(result.error);
    });
  };
}
