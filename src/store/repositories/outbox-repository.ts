import type { PortalId } from '../../domain/types.js';
import type { Insertable, Selectable } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Tables } from '../tables.js';
import { chunks, parseJson, type Db } from './db.js';
import { countByStatus, type QueueCounts } from './queue-counts.js';
import type { Write } from './upsert-rows.js';

export interface OutboxMessage {
  portalId: PortalId;
  /** e.g. a property write-back or a digest task. */
  kind: string;
  /** One message per key: a retried transaction cannot enqueue the same alert twice. */
  dedupeKey: string;
  payload: unknown;
}

export interface ClaimedMessage extends OutboxMessage {
  id: number;
  attempts: number;
  /** When it was queued (a digest: when its first finding opened): nothing it caused in HubSpot is older. */
  createdAt: number;
}

/** An alert owed since `since`, held until the digest job composes and releases it. */
export interface HeldAlert {
  id: number;
  key: string;
  since: number;
}

export interface OutboxRepository {
  enqueue(messages: readonly OutboxMessage[], now: number): Promise<number>;
  /**
   * Records, in the caller's transaction, that alerts are owed under these keys: one held row per
   * key until it is released, so the findings that owe them and the row commit (or vanish) together.
   */
  hold(portalId: PortalId, keys: readonly string[], now: number): Promise<void>;
  held(portalId: PortalId): Promise<HeldAlert[]>;
  /**
   * Turns held rows into one message to send. False (and still held) when `message`'s dedupe key
   * is taken: that alert already went out, and these wait for the next one.
   */
  release(ids: readonly number[], message: OutboxMessage, now: number): Promise<boolean>;
  /** Forgets held rows with nothing left to say. */
  dropHeld(ids: readonly number[]): Promise<void>;
  /**
   * Due messages, leased for `leaseMs` (a sender that dies leaves them to the next one). On
   * PostgreSQL the claim skips rows another process is claiming.
   */
  claim(limit: number, now: number, leaseMs: number): Promise<ClaimedMessage[]>;
  markSent(ids: readonly { id: number; remoteId: string | null }[], now: number): Promise<void>;
  /** Back to pending after `delayMs`, or `failed` for good (kept with its error for operators). */
  retryLater(
    ids: readonly number[],
    error: string,
    now: number,
    delayMs: number | null,
  ): Promise<void>;
  list(status: string, limit: number): Promise<(ClaimedMessage & { lastError: string | null })[]>;
  /** Sent messages of a portal whose dedupe key starts with `prefix`, with HubSpot's id. */
  sentWithPrefix(
    portalId: number,
    prefix: string,
  ): Promise<(ClaimedMessage & { remoteId: string | null })[]>;
  counts(): Promise<QueueCounts>;
}

/** A message as first written: queued to send now, or held until the digest job releases it. */
function newRow(
  m: OutboxMessage,
  status: 'pending' | 'held',
  now: number,
): Insertable<Tables['outbox']> {
  return {
    portal_id: m.portalId,
    kind: m.kind,
    dedupe_key: m.dedupeKey,
    payload: JSON.stringify(m.payload),
    status,
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
    sent_at: null,
    remote_id: null,
    last_error: null,
  };
}

function toClaimed(r: Selectable<Tables['outbox']>): ClaimedMessage {
  return {
    id: Number(r.id),
    portalId: Number(r.portal_id),
    kind: r.kind,
    dedupeKey: r.dedupe_key,
    payload: parseJson<unknown>(r.payload, null),
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
  };
}

/** The held alert rows of these keys. */
export const heldRows = (portalId: PortalId, keys: readonly string[], now: number) =>
  keys.map((key) =>
    newRow({ portalId, kind: 'held', dedupeKey: `held:${key}`, payload: null }, 'held', now),
  );

/** Writes held alert rows; a key already held stays as it is. */
export function heldWrites(db: Db, rows: readonly Insertable<Tables['outbox']>[]): Write[] {
  if (rows.length === 0) return [];
  return [
    db
      .insertInto('outbox')
      .values([...rows])
      .onConflict((oc) => oc.columns(['portal_id', 'dedupe_key']).doNothing()),
  ];
}

/** Held alert rows for these keys; a key already held stays as it is. */
export const holdWrites = (
  db: Db,
  portalId: PortalId,
  keys: readonly string[],
  now: number,
): Write[] => heldWrites(db, heldRows(portalId, keys, now));

export function createOutboxRepository(db: Db, dialect: Dialect): OutboxRepository {
  return {
    async enqueue(messages, now) {
      let inserted = 0;
      for (const chunk of chunks(messages, 500)) {
        const result = await db
          .insertInto('outbox')
          .values(chunk.map((m) => newRow(m, 'pending', now)))
          .onConflict((oc) => oc.columns(['portal_id', 'dedupe_key']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },
    async hold(portalId, keys, now) {
      for (const write of holdWrites(db, portalId, keys, now)) await write.execute();
    },
    async held(portalId) {
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'dedupe_key', 'created_at'])
        .where('portal_id', '=', portalId)
        .where('status', '=', 'held')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        key: r.dedupe_key.slice('held:'.length),
        since: Number(r.created_at),
      }));
    },
    async release(ids, message, now) {
      const [first, ...rest] = ids;
      if (first === undefined) return false;
      const taken = await db
        .selectFrom('outbox')
        .select('id')
        .where('portal_id', '=', message.portalId)
        .where('dedupe_key', '=', message.dedupeKey)
        .executeTakeFirst();
      if (taken) return false;
      await db
        .updateTable('outbox')
        .set({
          kind: message.kind,
          dedupe_key: message.dedupeKey,
          payload: JSON.stringify(message.payload),
          status: 'pending',
          next_attempt_at: now,
        })
        .where('id', '=', first)
        .execute();
      if (rest.length > 0) await db.deleteFrom('outbox').where('id', 'in', rest).execute();
      return true;
    },
    async dropHeld(ids) {
      for (const batch of chunks(ids, 500))
        await db
          .deleteFrom('outbox')
          .where('id', 'in', batch)
          .where('status', '=', 'held')
          .execute();
    },
    counts: () => countByStatus(db, 'outbox'),
    async claim(limit, now, leaseMs) {
      let due = db
        .selectFrom('outbox')
        .select(['id'])
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit);
      if (dialect === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((r) => Number(r.id));
      if (ids.length === 0) return [];
      await db
        .updateTable('outbox')
        .set((eb) => ({
          status: 'sending',
          next_attempt_at: now + leaseMs,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', ids)
        .execute();
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      return rows.map(toClaimed);
    },
    async markSent(sent, now) {
      for (const s of sent)
        await db
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: now, remote_id: s.remoteId, last_error: null })
          .where('id', '=', s.id)
          .execute();
    },
    async retryLater(ids, error, now, delayMs) {
      for (const batch of chunks(ids, 500))
        await db
          .updateTable('outbox')
          .set({
            status: delayMs === null ? 'failed' : 'pending',
            next_attempt_at: now + (delayMs ?? 0),
            last_error: error.slice(0, 2_000),
          })
          .where('id', 'in', batch)
          .execute();
    },
    async sentWithPrefix(portalId, prefix) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('status', '=', 'sent')
        .where('dedupe_key', 'like', `${prefix.replace(/[%_]/g, '')}%`)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...toClaimed(r), remoteId: r.remote_id }));
    },
    async list(status, limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', status)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...toClaimed(r), lastError: r.last_error }));
    },
  };
}
