import type { Config } from '../config/load-config.js';
import { HubspotError } from './hubspot-error.js';
import { createHubspotGateway, type GatewayOptions, type HubspotGateway } from './gateway.js';

/** The gateway for the configured portal, or a clear error naming what to configure. */
export function gatewayFromConfig(
  config: Config,
  extra: Partial<GatewayOptions> = {},
): HubspotGateway {
  const token = config.hubspot.accessToken;
  if (!token) {
    throw new HubspotError('unauthorized', 'no HubSpot access token is configured', {
      hint: "set HUBSPOT_ACCESS_TOKEN (and HUBSPOT_PORTAL_ID) from your app's Auth tab; see docs/hubspot.md",
    });
  }
  return createHubspotGateway({
    accessToken: token,
    limits: config.hubspot.limits,
    ...(config.hubspot.apiBaseUrl ? { basePath: config.hubspot.apiBaseUrl } : {}),
    ...extra,
  });
}
