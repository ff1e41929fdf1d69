import type { PortalId } from '../../domain/types.js';
import { chunks, type Db } from './db.js';
import { countByStatus, type QueueCounts } from './queue-counts.js';

export interface InboxEvent {
  portalId: PortalId;
  /** Built by ingestion from several fields: HubSpot documents eventId as not unique. */
  dedupeKey: string;
  subscriptionType: string;
  objectId: number | null;
  occurredAt: number;
  payload: string;
}

export interface InboxRepository {
  /** Stores events not seen before; returns how many were new. Duplicates are ignored, not errors. */
  append(events: readonly InboxEvent[], receivedAt: number): Promise<number>;
  counts(): Promise<QueueCounts>;
}

export function createInboxRepository(db: Db): InboxRepository {
  return {
    async append(events, receivedAt) {
      let inserted = 0;
      for (const chunk of chunks(events, 500)) {
        const result = await db
          .insertInto('webhook_inbox')
          .values(
            chunk.map((e) => ({
              portal_id: e.portalId,
              dedupe_key: e.dedupeKey,
              subscription_type: e.subscriptionType,
              object_id: e.objectId,
              occurred_at: e.occurredAt,
              received_at: receivedAt,
              payload: e.payload,
              status: 'pending',
              attempts: 0,
              next_attempt_at: receivedAt,
              locked_until: null,
              last_error: null,
              processed_at: null,
            })),
          )
          .onConflict((oc) => oc.columns(['portal_id', 'dedupe_key']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },
    counts: () => countByStatus(db, 'webhook_inbox'),
  };
}
