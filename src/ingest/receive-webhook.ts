import type { Clock } from '../shared/clock.js';
import type { Metrics } from '../shared/metrics.js';
import type { InboxEvent } from '../store/repositories/inbox-repository.js';
import type { Store } from '../store/store.js';
import { dedupeKey } from './dedupe-key.js';
import { HANDLERS } from './handlers/handler-table.js';
import { OBJECT_TYPE_NAMES, handlerKey } from './object-types.js';
import { verifyHubspotSignature, type SignedRequest } from './verify-signature.js';
import { webhookBatchSchema, MAX_EVENTS_PER_BATCH, type WebhookEvent } from './webhook-event.js';

export interface ReceiveOptions {
  store: Store;
  metrics: Metrics;
  clock: Clock;
  secrets: readonly string[];
  allowLegacySignatures: boolean;
  /** The one portal this installation serves; events of others are stored as ignored. */
  portalId: number | undefined;
}

export interface ReceiveResult {
  status: number;
  body: Record<string, unknown>;
}

const KNOWN_SUBSCRIPTIONS = new Set(Object.keys(HANDLERS));

/** Whether the worker could ever handle this event; custom objects ("2-…") are resolved later. */
function handled(event: WebhookEvent): boolean {
  if (!event.subscriptionType.startsWith('object.'))
    return KNOWN_SUBSCRIPTIONS.has(event.subscriptionType);
  if (event.objectTypeId?.startsWith('2-')) return true;
  const name = event.objectTypeId ? OBJECT_TYPE_NAMES[event.objectTypeId] : undefined;
  return KNOWN_SUBSCRIPTIONS.has(handlerKey(event.subscriptionType, name));
}

/**
 * Verify → parse → persist → acknowledge, framework-free. Nothing is acknowledged before every
 * event of the batch is in the inbox (one transaction); everything heavier happens in the worker.
 */
export async function receiveWebhook(
  options: ReceiveOptions,
  request: SignedRequest,
): Promise<ReceiveResult> {
  const { metrics } = options;
  metrics.webhookRequests.inc();
  const reject = (status: number, reason: string, message: string): ReceiveResult => {
    metrics.webhookRejected.inc({ reason });
    return { status, body: { error: reason, message } };
  };

  if (options.secrets.length === 0)
    return reject(503, 'not_configured', 'webhooks are not configured: set HUBSPOT_CLIENT_SECRET');
  const verified = verifyHubspotSignature(request, {
    secrets: options.secrets,
    now: options.clock.now(),
    allowLegacy: options.allowLegacySignatures,
  });
  if (!verified.ok) {
    const status =
      verified.reason === 'missing_signature' ||
      verified.reason === 'missing_timestamp' ||
      verified.reason === 'invalid_timestamp'
        ? 400
        : 401;
    return reject(status, verified.reason, verified.detail);
  }

  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return reject(400, 'invalid_json', 'the body is not JSON');
  }
  if (Array.isArray(json) && json.length > MAX_EVENTS_PER_BATCH) {
    return reject(
      400,
      'batch_too_large',
      `the batch has ${json.length} events; HubSpot sends at most ${MAX_EVENTS_PER_BATCH}`,
    );
  }
  const parsed = webhookBatchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject(
      400,
      'invalid_batch',
      `not a HubSpot webhook batch: ${issue?.path.length ? `[${issue.path.join('.')}] ` : ''}${issue?.message ?? 'invalid'}`,
    );
  }

  const rows: InboxEvent[] = parsed.data.map((event) => ({
    portalId: event.portalId,
    dedupeKey: dedupeKey(event),
    subscriptionType: event.subscriptionType,
    objectId: event.objectId ?? event.fromObjectId ?? event.primaryObjectId ?? null,
    occurredAt: event.occurredAt,
    payload: JSON.stringify(event),
    status:
      options.portalId !== undefined && event.portalId !== options.portalId
        ? 'ignored'
        : handled(event)
          ? 'pending'
          : 'unhandled',
  }));
  // At most 100 rows: one INSERT statement, atomic without an explicit transaction.
  const inserted = await options.store.inbox.append(rows, options.clock.now());
  metrics.webhookEventsAccepted.inc({ outcome: 'new' }, inserted);
  metrics.webhookEventsAccepted.inc({ outcome: 'duplicate' }, rows.length - inserted);
  return {
    status: 200,
    body: {
      received: rows.length,
      new: inserted,
      duplicates: rows.length - inserted,
      ignored: rows.filter((r) => r.status === 'ignored').length,
      unhandled: rows.filter((r) => r.status === 'unhandled').length,
    },
  };
}
