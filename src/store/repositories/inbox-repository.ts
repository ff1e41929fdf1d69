import { sql, type RawBuilder } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { chunks, type Db } from './db.js';
import { inboxRow, toClaimedEvent, type ClaimedEvent } from './stored-event.js';

export type { ClaimedEvent } from './stored-event.js';
import { countByStatus, type QueueCounts } from './queue-counts.js';

export type InboxStatus = 'pending' | 'processing' | 'done' | 'dead' | 'ignored' | 'unhandled';

export interface InboxEvent {
  portalId: PortalId;
  /** Built by ingestion from several fields: HubSpot documents eventId as not unique. */
  dedupeKey: string;
  subscriptionType: string;
  objectId: number | null;
  occurredAt: number;
  payload: string;
  /** Events stored only to be counted (another portal, unknown subscription) skip the worker. */
  status?: Extract<InboxStatus, 'pending' | 'ignored' | 'unhandled'>;
}

export interface InboxRepository {
  /** Stores events not seen before; returns how many were new. Duplicates are ignored, not errors. */
  append(events: readonly InboxEvent[], receivedAt: number): Promise<number>;
  /**
   * Takes up to `limit` due events for this worker, leasing them for `leaseMs`: an event whose
   * worker died becomes due again when the lease runs out (at-least-once). On PostgreSQL,
   * `FOR UPDATE SKIP LOCKED` lets several processes claim without ever taking the same row.
   */
  claim(limit: number, now: number, leaseMs: number): Promise<ClaimedEvent[]>;
  complete(ids: readonly number[], now: number): Promise<void>;
  retryLater(id: number, error: string, nextAttemptAt: number): Promise<void>;
  /** Blanks payloads of processed events older than `payloadsBefore`; deletes processed rows (their dedupe keys) older than `keysBefore`. */
  prune(payloadsBefore: number, keysBefore: number): Promise<{ blanked: number; deleted: number }>;
  /** Privacy deletion: no stored payload about this object may stay. */
  purgeObject(portalId: PortalId, objectId: number): Promise<number>;
  counts(): Promise<QueueCounts>;
  /** Stored events about one record, newest first (for `rapport inbox` and audits). */
  eventsFor(
    portalId: PortalId,
    objectId: number,
    limit?: number,
  ): Promise<
    {
      id: number;
      status: string;
      subscriptionType: string;
      payload: string;
      lastError: string | null;
    }[]
  >;
  oldestDueAt(now: number): Promise<number | undefined>;
}

export function createInboxRepository(db: Db, dialect: Dialect): InboxRepository {
  return {
    async append(events, receivedAt) {
      let inserted = 0;
      for (const chunk of chunks(events, 500)) {
        const result = await db
          .insertInto('webhook_inbox')
          .values(chunk.map((e) => inboxRow(e, receivedAt)))
          .onConflict((oc) => oc.columns(['portal_id', 'dedupe_key']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },
    async claim(limit, now, leaseMs) {
      const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
      // Two index range scans on (status, next_attempt_at) rather than one OR: with a backlog of a
      // million events the OR form scanned the whole table on every claim.
      const take = async (where: RawBuilder<unknown>, order: RawBuilder<unknown>, count: number) =>
        (
          await sql<{
            id: number;
            portal_id: number;
            subscription_type: string;
            object_id: number | null;
            occurred_at: number;
            payload: string;
            attempts: number;
          }>`
            update webhook_inbox
               set status = 'processing', locked_until = ${now + leaseMs}, attempts = attempts + 1
             where id in (select id from webhook_inbox where ${where} order by ${order} limit ${count} ${lock})
            returning id, portal_id, subscription_type, object_id, occurred_at, payload, attempts`.execute(
            db,
          )
        ).rows;
      // Events whose worker died (lease expired) first, then due events in the order they fell due.
      const expired = await take(
        sql`status = 'processing' and locked_until < ${now}`,
        sql`id`,
        limit,
      );
      const due =
        expired.length < limit
          ? await take(
              sql`status = 'pending' and next_attempt_at <= ${now}`,
              sql`next_attempt_at`,
              limit - expired.length,
            )
          : [];
      return [...expired, ...due].map(toClaimedEvent).sort((a, b) => a.id - b.id);
    },
    async complete(ids, now) {
      for (const chunk of chunks(ids, 500)) {
        await db
          .updateTable('webhook_inbox')
          .set({ status: 'done', processed_at: now, locked_until: null, last_error: null })
          .where('id', 'in', chunk)
          .execute();
      }
    },
    async retryLater(id, error, nextAttemptAt) {
      await db
        .updateTable('webhook_inbox')
        .set({
          status: 'pending',
          last_error: error.slice(0, 2_000),
          next_attempt_at: nextAttemptAt,
          locked_until: null,
        })
        .where('id', '=', id)
        .execute();
    },
    async prune(payloadsBefore, keysBefore) {
      const blanked = await db
        .updateTable('webhook_inbox')
        .set({ payload: '' })
        .where('status', 'in', ['done', 'ignored'])
        .where('received_at', '<', payloadsBefore)
        .where('payload', '!=', '')
        .executeTakeFirst();
      const deleted = await db
        .deleteFrom('webhook_inbox')
        .where('status', 'in', ['done', 'ignored', 'unhandled'])
        .where('received_at', '<', keysBefore)
        .executeTakeFirst();
      return { blanked: Number(blanked.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
    },
    async purgeObject(portalId, objectId) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({ payload: '' })
        .where('portal_id', '=', portalId)
        .where('object_id', '=', objectId)
        .where('status', '!=', 'processing')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    counts: () => countByStatus(db, 'webhook_inbox'),
    async eventsFor(portalId, objectId, limit = 50) {
      const rows = await db
        .selectFrom('webhook_inbox')
        .select(['id', 'status', 'subscription_type', 'payload', 'last_error'])
        .where('portal_id', '=', portalId)
        .where('object_id', '=', objectId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        status: r.status,
        subscriptionType: r.subscription_type,
        payload: r.payload,
        lastError: r.last_error,
      }));
    },
    async oldestDueAt(now) {
      const row = await db
        .selectFrom('webhook_inbox')
        .select((eb) => eb.fn.min('received_at').as('t'))
        .where('status', 'in', ['pending', 'processing'])
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      return row?.t === null || row?.t === undefined ? undefined : Number(row.t);
    },
  };
}
