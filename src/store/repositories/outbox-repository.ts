import type { PortalId } from '../../domain/types.js';
import { chunks, type Db } from './db.js';
import { countByStatus, type QueueCounts } from './queue-counts.js';

export interface OutboxMessage {
  portalId: PortalId;
  /** e.g. a property write-back or a digest task. */
  kind: string;
  /** One message per key: a retried transaction cannot enqueue the same alert twice. */
  dedupeKey: string;
  payload: unknown;
}

export interface OutboxRepository {
  enqueue(messages: readonly OutboxMessage[], now: number): Promise<number>;
  counts(): Promise<QueueCounts>;
}

export function createOutboxRepository(db: Db): OutboxRepository {
  return {
    async enqueue(messages, now) {
      let inserted = 0;
      for (const chunk of chunks(messages, 500)) {
        const result = await db
          .insertInto('outbox')
          .values(
            chunk.map((m) => ({
              portal_id: m.portalId,
              kind: m.kind,
              dedupe_key: m.dedupeKey,
              payload: JSON.stringify(m.payload),
              status: 'pending',
              attempts: 0,
              next_attempt_at: now,
              created_at: now,
              sent_at: null,
              remote_id: null,
              last_error: null,
            })),
          )
          .onConflict((oc) => oc.columns(['portal_id', 'dedupe_key']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },
    counts: () => countByStatus(db, 'outbox'),
  };
}
