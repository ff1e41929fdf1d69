import type { Insertable, Selectable } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { numOrNull } from './db.js';

/** A webhook event as the inbox and the dead letters keep it. */
export interface ClaimedEvent {
  id: number;
  portalId: PortalId;
  subscriptionType: string;
  objectId: number | null;
  occurredAt: number;
  payload: string;
  attempts: number;
}

export interface NewInboxEvent {
  portalId: PortalId;
  dedupeKey: string;
  subscriptionType: string;
  objectId: number | null;
  occurredAt: number;
  payload: string;
  status?: string;
}

type StoredEventRow = Pick<
  Selectable<Tables['webhook_inbox']>,
  'id' | 'portal_id' | 'subscription_type' | 'object_id' | 'occurred_at' | 'payload' | 'attempts'
>;

export function toClaimedEvent(r: StoredEventRow): ClaimedEvent {
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

/** A fresh inbox row, due now: for new deliveries and for replayed dead letters alike. */
export function inboxRow(
  e: NewInboxEvent,
  receivedAt: number,
): Insertable<Tables['webhook_inbox']> {
  return {
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
  };
}
