import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { GatewayCall } from './gateway-call.js';
import { HubspotError } from './hubspot-error.js';
import {
  collectionOf,
  remoteAssociationsSchema,
  remoteObjectSchema,
  remoteOwnerSchema,
  type RemoteObject,
  type RemoteOwner,
} from './remote-types.js';

/** Reads of CRM records behind webhook events (which carry ids only). */
export interface RecordReads {
  batchReadObjects(
    objectType: string,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<RemoteObject[]>;
  /** Associated ids per source id, up to 1,000 source ids per call (associations v4 batch read). */
  batchReadAssociations(
    fromObjectType: string,
    toObjectType: string,
    ids: readonly string[],
  ): Promise<Map<string, string[]>>;
  getOwnerByUserId(userId: number): Promise<RemoteOwner | undefined>;
  /** One page (up to 100) of all records of a type, with properties: the backfill's cheapest path. */
  listObjects(
    objectType: string,
    properties: readonly string[],
    after: string | undefined,
  ): Promise<{ results: RemoteObject[]; after: string | undefined }>;
  /**
   * Records modified in [from, to) by `modifiedProperty`, oldest first, 100 per page; `total` is
   * how many match (HubSpot returns at most 10,000 of them for one query: callers slice the range).
   */
  searchModified(
    objectType: string,
    modifiedProperty: string,
    range: { from: number; to: number },
    properties: readonly string[],
    after: string | undefined,
  ): Promise<{ results: RemoteObject[]; total: number; after: string | undefined }>;
  /**
   * Up to `limit` (≤ 200) records with `hs_object_id` in (afterId, toId], in id order (or the
   * reverse), and how many the range holds: the backfill's parallel partitions page by id, so no
   * query ever pages past the 10,000-result cap.
   */
  searchIdRange(
    objectType: string,
    properties: readonly string[],
    range: { afterId: number; toId: number },
    options: { limit: number; descending?: boolean },
  ): Promise<{ results: RemoteObject[]; total: number }>;
  /**
   * The first task for this owner with exactly this subject created at or after `since`: a task
   * an earlier attempt may have created though its answer was lost.
   */
  findTask(ownerId: number, subject: string, since: number): Promise<string | undefined>;
  /** One page of owners, active or archived (deactivated users). */
  listOwners(
    archived: boolean,
    after: string | undefined,
  ): Promise<{ results: RemoteOwner[]; after: string | undefined }>;
}

const paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();

export function createRecordReads(client: Client, call: GatewayCall): RecordReads {
  return {
    async batchReadObjects(objectType, ids, properties) {
      const results: RemoteObject[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const inputs = ids.slice(i, i + 100).map((id) => ({ id }));
        const page = await call(
          'batchReadObjects',
          `read ${inputs.length} ${objectType}`,
          collectionOf(remoteObjectSchema),
          () =>
            client.crm.objects.batchApi.read(objectType, {
              inputs,
              properties: [...properties],
              propertiesWithHistory: [],
            }),
          objectType,
        );
        results.push(...page.results);
      }
      return results;
    },
    async batchReadAssociations(fromObjectType, toObjectType, ids) {
      const out = new Map<string, string[]>();
      for (let i = 0; i < ids.length; i += 1_000) {
        const inputs = ids.slice(i, i + 1_000).map((id) => ({ id }));
        const page = await call(
          'batchReadAssociations',
          `read ${fromObjectType} → ${toObjectType} associations`,
          remoteAssociationsSchema,
          () =>
            client.crm.associations.v4.batchApi.getPage(fromObjectType, toObjectType, { inputs }),
          fromObjectType,
        );
        for (const result of page.results) {
          const from = result._from?.id ?? result.from?.id;
          if (from)
            out.set(
              from,
              result.to.map((t) => String(t.toObjectId)),
            );
        }
      }
      return out;
    },
    async listObjects(objectType, properties, after) {
      const page = await call(
        'listObjects',
        `list ${objectType}`,
        z.object({ results: z.array(remoteObjectSchema), paging }),
        () =>
          client.crm.objects.basicApi.getPage(
            objectType,
            100,
            after,
            [...properties],
            undefined,
            undefined,
            false,
          ),
        objectType,
      );
      return { results: page.results, after: page.paging?.next?.after };
    },
    async searchModified(objectType, modifiedProperty, range, properties, after) {
      const page = await call(
        'searchObjects',
        `search ${objectType} modified since ${new Date(range.from).toISOString()}`,
        z.object({ total: z.number(), results: z.array(remoteObjectSchema), paging }),
        () =>
          client.crm.objects.searchApi.doSearch(objectType, {
            filterGroups: [
              {
                filters: [
                  {
                    propertyName: modifiedProperty,
                    operator: 'GTE' as never,
                    value: String(range.from),
                  },
                  {
                    propertyName: modifiedProperty,
                    operator: 'LT' as never,
                    value: String(range.to),
                  },
                ],
              },
            ],
            sorts: [{ propertyName: modifiedProperty, direction: 'ASCENDING' }] as never,
            properties: [...properties],
            limit: 100,
            ...(after ? { after } : {}),
          }),
        objectType,
      );
      return { results: page.results, total: page.total, after: page.paging?.next?.after };
    },
    async searchIdRange(objectType, properties, range, options) {
      const page = await call(
        'searchObjects',
        `search ${objectType} ids ${range.afterId}–${range.toId}`,
        z.object({ total: z.number(), results: z.array(remoteObjectSchema) }),
        () =>
          client.crm.objects.searchApi.doSearch(objectType, {
            filterGroups: [
              {
                filters: [
                  {
                    propertyName: 'hs_object_id',
                    operator: 'GT' as never,
                    value: String(range.afterId),
                  },
                  {
                    propertyName: 'hs_object_id',
                    operator: 'LTE' as never,
                    value: String(range.toId),
                  },
                ],
              },
            ],
            sorts: [
              {
                propertyName: 'hs_object_id',
                direction: options.descending ? 'DESCENDING' : 'ASCENDING',
              },
            ] as never,
            properties: [...properties],
            limit: options.limit,
          }),
        objectType,
      );
      return { results: page.results, total: page.total };
    },
    async findTask(ownerId, subject, since) {
      const page = await call(
        'searchObjects',
        `search tasks of owner ${ownerId}`,
        z.object({ results: z.array(remoteObjectSchema) }),
        () =>
          client.crm.objects.searchApi.doSearch('tasks', {
            filterGroups: [
              {
                filters: [
                  {
                    propertyName: 'hubspot_owner_id',
                    operator: 'EQ' as never,
                    value: String(ownerId),
                  },
                  { propertyName: 'hs_task_subject', operator: 'EQ' as never, value: subject },
                  { propertyName: 'hs_createdate', operator: 'GTE' as never, value: String(since) },
                ],
              },
            ],
            sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }] as never,
            properties: ['hs_task_subject'],
            limit: 1,
          }),
        'tasks',
      );
      return page.results[0]?.id;
    },
    async listOwners(archived, after) {
      const page = await call(
        'listOwners',
        `list ${archived ? 'archived ' : ''}owners`,
        z.object({ results: z.array(remoteOwnerSchema), paging }),
        () => client.crm.owners.ownersApi.getPage(undefined, after, 100, archived),
      );
      return { results: page.results, after: page.paging?.next?.after };
    },
    async getOwnerByUserId(userId) {
      try {
        return await call(
          'getOwnerByUserId',
          `read the owner of user ${userId}`,
          remoteOwnerSchema,
          () => client.crm.owners.ownersApi.getById(userId, 'userId', true),
        );
      } catch (error) {
        if (error instanceof HubspotError && error.kind === 'not_found') return undefined;
        throw error;
      }
    },
  };
}
