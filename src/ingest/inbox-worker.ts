import type { HubspotGateway } from '../hubspot/gateway.js';
import { HubspotError } from '../hubspot/hubspot-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from '../shared/metrics.js';
import type { ClaimedEvent } from '../store/repositories/inbox-repository.js';
import type { Store } from '../store/store.js';
import { fetchRecords } from './fetch-records.js';
import { HANDLERS, type FetchType, type Handler } from './handlers/handler-table.js';
import { createObjectTypeResolver, handlerKey } from './object-types.js';
import { createWorkerLoop, type RunReport } from './worker-loop.js';

export type { RunReport } from './worker-loop.js';
import { webhookEventSchema, type WebhookEvent } from './webhook-event.js';

/** What changed, for the incremental recompute (filled in by the analytics capability). */
export interface AppliedChange {
  portalId: number;
  subscriptionType: string;
  objectType: string;
  objectId: number | null;
}

export interface WorkerOptions {
  store: Store;
  /** Absent when no HubSpot token is configured: events that need a read are dead-lettered with that reason. */
  gateway: HubspotGateway | undefined;
  log: Logger;
  metrics: Metrics;
  clock: Clock;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  idleMs?: number;
  /** How often the running worker prunes processed payloads (1 h) and dedupe keys (72 h). */
  pruneEveryMs?: number;
  onApplied?: (changes: AppliedChange[]) => Promise<void> | void;
}

class PermanentError extends Error {}

/**
 * Applies inbox events to the mirror: at least once, with idempotent effects, each event's effect
 * and its completion in one transaction. Failures back off exponentially with full jitter; after
 * `maxAttempts` an event moves to dead letters. One failing event never holds up the others.
 */
export function createInboxWorker(options: WorkerOptions) {
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  const random = options.random ?? Math.random;
  const { store, log, metrics, clock } = options;

  const objectTypeName = createObjectTypeResolver(options.gateway);

  async function fail(event: ClaimedEvent, error: unknown, report: RunReport): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent =
      error instanceof PermanentError || (error instanceof HubspotError && !error.retryable);
    if (permanent || event.attempts >= maxAttempts) {
      await store.deadLetters.add(
        event.id,
        permanent ? reason : `gave up after ${event.attempts} attempts: ${reason}`,
        clock.now(),
      );
      metrics.eventsDeadLettered.inc();
      report.deadLettered += 1;
      log.warn(
        { inboxId: event.id, subscriptionType: event.subscriptionType, reason },
        'event dead-lettered',
      );
      return;
    }
    const delay = Math.round(
      random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (event.attempts - 1)),
    );
    await store.inbox.retryLater(event.id, reason, clock.now() + delay);
    metrics.eventsRetried.inc();
    report.retried += 1;
  }

  async function runOnce(): Promise<RunReport> {
    const report: RunReport = { claimed: 0, applied: 0, retried: 0, deadLettered: 0 };
    const claimed = await store.inbox.claim(batchSize, clock.now(), leaseMs);
    report.claimed = claimed.length;
    if (claimed.length === 0) return report;

    const fetchGroups = new Map<
      string,
      {
        type: FetchType;
        portalId: number;
        events: { claimed: ClaimedEvent; event: WebhookEvent }[];
      }
    >();
    const changes: AppliedChange[] = [];
    const applies: {
      claimed: ClaimedEvent;
      event: WebhookEvent;
      apply: Extract<Handler, { kind: 'apply' }>['apply'];
      key: string;
      objectType: string | undefined;
    }[] = [];

    for (const item of claimed) {
      let event: WebhookEvent;
      let handler: Handler | undefined;
      let objectType: string | undefined;
      try {
        const parsed = webhookEventSchema.safeParse(JSON.parse(item.payload));
        if (!parsed.success)
          throw new PermanentError(
            `stored payload is not a HubSpot event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          );
        event = parsed.data;
        objectType = await objectTypeName(event.objectTypeId);
        handler = HANDLERS[handlerKey(event.subscriptionType, objectType)];
      } catch (error) {
        await fail(
          item,
          error instanceof SyntaxError
            ? new PermanentError(`stored payload is not JSON: ${error.message}`)
            : error,
          report,
        );
        continue;
      }
      if (!handler) {
        // Known to HubSpot, not to us (e.g. a custom object of another app): nothing to apply.
        await store.inbox.complete([item.id], clock.now());
        continue;
      }
      if (handler.kind === 'fetch') {
        const key = `${event.portalId}|${handler.fetch}`;
        const group = fetchGroups.get(key) ?? {
          type: handler.fetch,
          portalId: event.portalId,
          events: [],
        };
        group.events.push({ claimed: item, event });
        fetchGroups.set(key, group);
        continue;
      }
      applies.push({
        claimed: item,
        event,
        apply: handler.apply,
        key: handlerKey(event.subscriptionType, objectType),
        objectType,
      });
    }

    // All directly applicable events of the pass in one transaction (one commit instead of one per
    // event); if any fails, the pass falls back to one transaction per event so only the failing
    // one is retried and the others are applied.
    const applied = (event: WebhookEvent, subscription: string, objectType: string) => {
      metrics.eventsApplied.inc({ subscription });
      report.applied += 1;
      changes.push({
        portalId: event.portalId,
        subscriptionType: event.subscriptionType,
        objectType,
        objectId: event.objectId ?? null,
      });
    };
    const record = (a: (typeof applies)[number]) =>
      applied(a.event, a.key, a.objectType ?? a.event.subscriptionType.split('.')[0] ?? '');
    let together = applies.length > 1;
    if (together) {
      try {
        await store.transaction(async (repos) => {
          for (const a of applies) await a.apply(a.event, repos);
          await repos.inbox.complete(
            applies.map((a) => a.claimed.id),
            clock.now(),
          );
        });
        applies.forEach(record);
      } catch {
        together = false;
      }
    }
    if (!together) {
      for (const a of applies) {
        try {
          await store.transaction(async (repos) => {
            await a.apply(a.event, repos);
            await repos.inbox.complete([a.claimed.id], clock.now());
          });
          record(a);
        } catch (error) {
          await fail(a.claimed, error, report);
        }
      }
    }

    // A burst of creations becomes one batch read per object type (100 ids per call).
    for (const group of fetchGroups.values()) {
      try {
        if (!options.gateway)
          throw new PermanentError(
            `no HubSpot access token is configured, so ${group.type} cannot be read; set HUBSPOT_ACCESS_TOKEN and replay with \`rapport inbox replay\``,
          );
        const ids = group.events
          .map((e) => e.event.objectId)
          .filter((id): id is number => id !== undefined);
        const write = await fetchRecords(group.type, ids, options.gateway);
        await store.transaction(async (repos) => {
          await write(repos, group.portalId);
          await repos.inbox.complete(
            group.events.map((e) => e.claimed.id),
            clock.now(),
          );
        });
        for (const { event } of group.events) applied(event, event.subscriptionType, group.type);
      } catch (error) {
        for (const { claimed: item } of group.events) await fail(item, error, report);
      }
    }
    if (changes.length > 0) await options.onApplied?.(changes);
    return report;
  }

  return {
    runOnce,
    ...createWorkerLoop(runOnce, {
      store,
      log,
      clock,
      idleMs: options.idleMs,
      pruneEveryMs: options.pruneEveryMs,
    }),
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
