import type { Client } from '@hubspot/api-client';
import type { GatewayCall } from './gateway-call.js';
import { collectionOf, remoteObjectSchema } from './remote-types.js';

export interface NewRecord {
  properties: Record<string, string>;
  /** HubSpot-defined association to an existing record (e.g. a task to its contact: type 204). */
  associations?: { toId: string; typeId: number; category?: 'HUBSPOT_DEFINED' | 'USER_DEFINED' }[];
}

/** Writes of Rapport's results: computed properties, tasks, Networking Roles. */
export interface RecordWrites {
  /** Batch update, 100 records per call (HubSpot's batch limit). */
  batchUpdateObjects(
    objectType: string,
    inputs: readonly { id: string; properties: Record<string, string> }[],
  ): Promise<void>;
  /** Batch create, 100 per call; returns the new ids in input order. */
  batchCreateObjects(objectType: string, inputs: readonly NewRecord[]): Promise<string[]>;
}

export function createRecordWrites(client: Client, call: GatewayCall): RecordWrites {
  return {
    async batchUpdateObjects(objectType, inputs) {
      for (let i = 0; i < inputs.length; i += 100) {
        const batch = inputs.slice(i, i + 100);
        await call(
          'batchUpdateObjects',
          `update ${batch.length} ${objectType}`,
          collectionOf(remoteObjectSchema.partial({ createdAt: true, updatedAt: true })),
          () =>
            client.crm.objects.batchApi.update(objectType, {
              inputs: batch.map((b) => ({ ...b })),
            }),
          objectType,
        );
      }
    },
    async batchCreateObjects(objectType, inputs) {
      const ids: string[] = [];
      for (let i = 0; i < inputs.length; i += 100) {
        const batch = inputs.slice(i, i + 100);
        const page = await call(
          'batchCreateObjects',
          `create ${batch.length} ${objectType}`,
          collectionOf(remoteObjectSchema.partial({ createdAt: true, updatedAt: true })),
          () =>
            client.crm.objects.batchApi.create(objectType, {
              inputs: batch.map((r) => ({
                properties: r.properties,
                associations: (r.associations ?? []).map((a) => ({
                  to: { id: a.toId },
                  types: [
                    {
                      associationCategory: (a.category ?? 'HUBSPOT_DEFINED') as never,
                      associationTypeId: a.typeId,
                    },
                  ],
                })),
              })),
            }),
          objectType,
        );
        // HubSpot answers batch creates in input order.
        ids.push(...page.results.map((r) => r.id));
      }
      return ids;
    },
  };
}
