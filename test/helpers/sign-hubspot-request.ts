import { signV3 } from '../../src/ingest/verify-signature.js';

export const TEST_CLIENT_SECRET = 'test-client-secret-0000';
export const TEST_BASE_URL = 'https://rapport.test.example';

/** Headers HubSpot would send with this body to `${TEST_BASE_URL}${path}`. */
export function signHubspotRequest(
  body: string,
  options: { path?: string; secret?: string; timestamp?: number; method?: string } = {},
) {
  const timestamp = options.timestamp ?? Date.now();
  const uri = `${TEST_BASE_URL}${options.path ?? '/webhooks/hubspot'}`;
  return {
    'content-type': 'application/json',
    'x-hubspot-request-timestamp': String(timestamp),
    'x-hubspot-signature-v3': signV3(
      options.secret ?? TEST_CLIENT_SECRET,
      options.method ?? 'POST',
      uri,
      body,
      timestamp,
    ),
  };
}

let nextEventId = 1_000;

/** A documented-shape event (hubspot-facts.md §2); override what the test is about. */
export function hubspotEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  nextEventId += 1;
  return {
    eventId: nextEventId,
    subscriptionId: 2_233_445,
    portalId: 99_990_001,
    appId: 5_432_100,
    occurredAt: 1_795_000_000_000,
    subscriptionType: 'object.propertyChange',
    attemptNumber: 0,
    objectId: 10_000_001,
    objectTypeId: '0-1',
    propertyName: 'firstname',
    propertyValue: 'Ada',
    changeSource: 'CRM_UI',
    sourceId: 'userId:70001',
    ...over,
  };
}
