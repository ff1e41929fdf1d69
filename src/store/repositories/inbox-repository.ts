import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import type { Tables } from '../tables.js';
import { chunks, numOrNull, type Db } from './db.js';
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

export interface ClaimedEvent {
  id: number;
  portalId: PortalId;
  subscriptionType: string;
  objectId: number | null;
  occurredAt: number;
  payload: string;
  attempts: number;
}

export interface DeadLetter extends ClaimedEvent {
  reason: string;
  failedAt: number;
  replayedAt: number | null;
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
  deadLetter(id: number, reason: string, now: number): Promise<void>;
  deadLetters(options?: { limit?: number }): Promise<DeadLetter[]>;
  findDeadLetter(id: number): Promise<DeadLetter | undefined>;
  /** Puts a dead letter back into the inbox as a fresh pending event. */
  replay(deadLetterId: number, now: number): Promise<boolean>;
  /** Blanks payloads of processed events older than `payloadsBefore`; deletes processed rows (their dedupe keys) older than `keysBefore`. */
  prune(payloadsBefore: number, keysBefore: number): Promise<{ blanked: number; deleted: number }>;
  /** Privacy deletion: no payload mentioning this object may stay. */
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
          .values(
            chunk.map((e) => ({
              portal_id: e.portalId,
              dedupe_key: e.dedupeKey,
              subscription_type: e.subscriptionType,
              object_id: e.objectId,
              occurred_at: e.occurredAt,
              received_at: receivedAt,
              payload: e.payload,
              status: e.status ?? 'pending',
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
    async deadLetter(id, reason, now) {
      const row = await db
        .selectFrom('webhook_inbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return;
      await db
        .insertInto('dead_letters')
        .values({
          portal_id: row.portal_id,
          dedupe_key: row.dedupe_key,
          subscription_type: row.subscription_type,
          object_id: row.object_id,
          occurred_at: row.occurred_at,
          payload: row.payload,
          attempts: row.attempts,
          reason: reason.slice(0, 2_000),
          failed_at: now,
          replayed_at: null,
        })
        .execute();
      await db
        .updateTable('webhook_inbox')
        .set({ status: 'dead', last_error: reason.slice(0, 2_000), locked_until: null })
        .where('id', '=', id)
        .execute();
    },
    async deadLetters(options = {}) {
      const rows = await db
        .selectFrom('dead_letters')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(options.limit ?? 50)
        .execute();
      return rows.map(toDeadLetter);
    },
    async findDeadLetter(id) {
      const row = await db
        .selectFrom('dead_letters')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toDeadLetter(row);
    },
    async replay(deadLetterId, now) {
      const letter = await db
        .selectFrom('dead_letters')
        .selectAll()
        .where('id', '=', deadLetterId)
        .executeTakeFirst();
      if (!letter) return false;
      const updated = await db
        .updateTable('webhook_inbox')
        .set({
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          last_error: null,
          payload: letter.payload,
        })
        .where('portal_id', '=', letter.portal_id)
        .where('dedupe_key', '=', letter.dedupe_key)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        // The inbox row was pruned meanwhile: put the event back as a new row.
        await db
          .insertInto('webhook_inbox')
          .values({
            portal_id: letter.portal_id,
            dedupe_key: letter.dedupe_key,
            subscription_type: letter.subscription_type,
            object_id: letter.object_id,
            occurred_at: letter.occurred_at,
            received_at: now,
            payload: letter.payload,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            locked_until: null,
            last_error: null,
            processed_at: null,
          })
          .execute();
      }
      await db
        .updateTable('dead_letters')
        .set({ replayed_at: now })
        .where('id', '=', deadLetterId)
        .execute();
      return true;
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
      const inbox = await db
        .updateTable('webhook_inbox')
        .set({ payload: '' })
        .where('portal_id', '=', portalId)
        .where('object_id', '=', objectId)
        .where('status', '!=', 'processing')
        .executeTakeFirst();
      const dead = await db
        .updateTable('dead_letters')
        .set({ payload: '' })
        .where('portal_id', '=', portalId)
        .where('object_id', '=', objectId)
        .executeTakeFirst();
      return Number(inbox.numUpdatedRows) + Number(dead.numUpdatedRows);
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

type StoredEventRow = Pick<
  Selectable<Tables['webhook_inbox']>,
  'id' | 'portal_id' | 'subscription_type' | 'object_id' | 'occurred_at' | 'payload' | 'attempts'
>;

function toClaimedEvent(r: StoredEventRow): ClaimedEvent {
  return {
    id: Number(r.id),
    portalId: Number(r.portal_id),
    subscriptionType: r.subscription_type,
    objectId: numOrNull(r.object_id),
    occurredAt: Number(r.occurred_at),
    payload: r.payload,
    attempts: Number(r.attempts),
  };
}

function toDeadLetter(r: Selectable<Tables['dead_letters']>): DeadLetter {
  return {
    ...toClaimedEvent(r),
    reason: r.reason,
    failedAt: Number(r.failed_at),
    replayedAt: numOrNull(r.replayed_at),
  };
}
