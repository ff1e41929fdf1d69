import { authenticateCardRequest, cardError } from '../card-api/card-request.js';
import type { SignedRequest } from '../ingest/verify-signature.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { loadReport } from './report-data.js';
import { renderReport } from './render-report.js';

/**
 * Who may see the report: on the embedded default (no client secret) only this machine; once the
 * service is exposed to HubSpot, only requests signed like the card API's, for their own portal.
 */
export function createReportAccess(options: {
  store: Store;
  clock: Clock;
  secrets: readonly string[];
  /** The portal shown locally: the connected one, else the store's first. */
  defaultPortal: () => Promise<number | undefined>;
}) {
  return async (request: SignedRequest & { local: boolean }) => {
    let portalId: number | undefined;
    if (options.secrets.length === 0) {
      if (!request.local)
        return {
          status: 403,
          error: cardError(
            403,
            'local_only',
            'the report is served to this machine only until HUBSPOT_CLIENT_SECRET is set',
          ).body,
        };
      portalId = await options.defaultPortal();
    } else {
      const auth = await authenticateCardRequest(
        { store: options.store, clock: options.clock, secrets: options.secrets },
        request,
      );
      if (!auth.ok) return { status: auth.response.status, error: auth.response.body };
      portalId = auth.caller.portalId;
    }
    if (portalId === undefined)
      return {
        status: 404,
        error: cardError(
          404,
          'no_portal',
          'no portal yet: run `rapport seed-demo` or connect HubSpot',
        ).body,
      };
    const data = await loadReport(options.store, portalId, options.clock.now());
    return { status: 200, html: renderReport(data) };
  };
}
