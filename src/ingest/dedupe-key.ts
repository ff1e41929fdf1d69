import { createHash } from 'node:crypto';
import type { WebhookEvent } from './webhook-event.js';

/**
 * HubSpot documents `eventId` as not guaranteed unique, and redelivers the same event with a new
 * `attemptNumber`. The key therefore hashes what identifies the change itself, never the attempt.
 */
export function dedupeKey(event: WebhookEvent): string {
  const parts = [
    event.portalId,
    event.subscriptionId,
    event.eventId,
    event.occurredAt,
    event.subscriptionType,
    event.objectTypeId ?? '',
    event.objectId ?? '',
    event.propertyName ?? '',
    event.propertyValue ?? '',
    event.fromObjectId ?? '',
    event.toObjectId ?? '',
    event.associationType ?? '',
    event.associationRemoved ?? '',
    (event.mergedObjectIds ?? []).join(','),
  ];
  // Led by the event time so new keys land at the end of the unique index (sequential B-tree
  // inserts instead of random ones); 128 bits of the hash keep different changes apart.
  const hash = createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 22);
  return `${event.occurredAt.toString(36).padStart(9, '0')}.${hash}`;
}
