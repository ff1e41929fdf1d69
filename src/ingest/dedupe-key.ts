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
  return createHash('sha256').update(parts.join('\u001f')).digest('base64url');
}
