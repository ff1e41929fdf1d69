import type { Selectable } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { numOrNull, type Db } from './db.js';
import { inboxRow, toClaimedEvent, type ClaimedEvent } from './stored-event.js';

export interface DeadLetter extends ClaimedEvent {
  reason: string;
  failedAt: number;
  replayedAt: number | null;
}

/** Inbox events that failed for good, kept with their reason until a person replays them. */
export interface DeadLetterRepository {
  /** Moves an inbox event here; its inbox row stays (status `dead`) so redeliveries stay deduplicated. */
  add(inboxId: number, reason: string, now: number): Promise<void>;
  list(options?: { limit?: number }): Promise<DeadLetter[]>;
  /** How many are not replayed yet (all of them: a listing stops at its limit). */
  waiting(): Promise<number>;
  find(id: number): Promise<DeadLetter | undefined>;
  /** Puts a dead letter back into the inbox as a fresh pending event. */
  replay(id: number, now: number): Promise<boolean>;
  /** Privacy deletion: no kept payload about this object may stay. */
  purgeObject(portalId: PortalId, objectId: number): Promise<number>;
}

const MAX_REASON = 2_000;

export function createDeadLetterRepository(db: Db): DeadLetterRepository {
  return {
    async add(inboxId, reason, now) {
      const row = await db
        .selectFrom('webhook_inbox')
        .selectAll()
        .where('id', '=', inboxId)
        .executeTakeFirst();
      if (!row) return;
      const why = reason.slice(0, MAX_REASON);
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
          reason: why,
          failed_at: now,
          replayed_at: null,
        })
        .execute();
      await db
        .updateTable('webhook_inbox')
        .set({ status: 'dead', last_error: why, locked_until: null })
        .where('id', '=', inboxId)
        .execute();
    },
    async list(options = {}) {
      const rows = await db
        .selectFrom('dead_letters')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(options.limit ?? 50)
        .execute();
      return rows.map(toDeadLetter);
    },
    async waiting() {
      const row = await db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('replayed_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async find(id) {
      const row = await db
        .selectFrom('dead_letters')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toDeadLetter(row);
    },
    async replay(id, now) {
      const letter = await db
        .selectFrom('dead_letters')
        .selectAll()
        .where('id', '=', id)
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
          .values(
            inboxRow(
              {
                portalId: letter.portal_id,
                dedupeKey: letter.dedupe_key,
                subscriptionType: letter.subscription_type,
                objectId: letter.object_id,
                occurredAt: letter.occurred_at,
                payload: letter.payload,
              },
              now,
            ),
          )
          .execute();
      }
      await db.updateTable('dead_letters').set({ replayed_at: now }).where('id', '=', id).execute();
      return true;
    },
    async purgeObject(portalId, objectId) {
      const result = await db
        .updateTable('dead_letters')
        .set({ payload: '' })
        .where('portal_id', '=', portalId)
        .where('object_id', '=', objectId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
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
