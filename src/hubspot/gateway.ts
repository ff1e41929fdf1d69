import { Client } from '@hubspot/api-client';
import { createExportReads, type ExportReads } from './export-reads.js';
import { createGatewayCall, type CallOptions } from './gateway-call.js';
import { createRecordReads, type RecordReads } from './record-reads.js';
import { createRecordWrites, type RecordWrites } from './record-writes.js';
import { createSchemaOperations, type SchemaOperations } from './schema-operations.js';

/** The one door to HubSpot. Every method is rate-limited, retried where that helps, and typed. */
export interface HubspotGateway extends SchemaOperations, RecordReads, RecordWrites, ExportReads {}
export type { NewRecord as NewRecordInput } from './record-writes.js';

export interface GatewayOptions extends CallOptions {
  accessToken: string;
  /** Another origin than https://api.hubapi.com: the fake HubSpot of the tests. */
  basePath?: string;
}

export function createHubspotGateway(options: GatewayOptions): HubspotGateway {
  // Retries and throttling are ours, not the client's: its settings are a process-wide singleton
  // (hubspot-facts.md §6), so two gateways with different limits would interfere.
  const client = new Client({
    accessToken: options.accessToken,
    numberOfApiCallRetries: 0,
    ...(options.basePath ? { basePath: options.basePath } : {}),
  });
  const call = createGatewayCall(options);
  return {
    ...createSchemaOperations(client, call),
    ...createRecordReads(client, call),
    ...createRecordWrites(client, call),
    ...createExportReads(client, call),
  };
}
