import { z } from 'zod';
import type { HubspotGateway, NewRecordInput } from '../hubspot/gateway.js';
import { HubspotError } from '../hubspot/hubspot-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ClaimedMessage } from '../store/repositories/outbox-repository.js';
import type { Store } from '../store/store.js';

/** HubSpot's association type from a task to the contact it is about. */
const TASK_TO_CONTACT = 204;
const MAX_ATTEMPTS = 8;

const payloads = {
  update_properties: z.object({
    objectType: z.enum(['contacts', 'companies']),
    inputs: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string()) })),
  }),
  set_property: z.object({
    objectType: z.literal('contact'),
    objectId: z.number(),
    property: z.string(),
    value: z.union([z.string(), z.number()]),
  }),
  create_task: z.object({
    ownerId: z.number(),
    contactId: z.number().optional(),
    subject: z.string(),
    body: z.string(),
  }),
  create_role: z.object({ kind: z.string(), ownerId: z.number(), contactId: z.number() }),
  complete_task: z.object({ taskId: z.string() }),
  update_task: z.object({ taskId: z.string(), subject: z.string(), body: z.string() }),
};
export type OutboxKind = keyof typeof payloads;

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends due outbox messages to HubSpot in batches per kind (100 records per call). A batch that
 * fails is retried later with backoff, without touching the batches that went through; a message
 * HubSpot can never accept (bad payload, forbidden) fails for good with its reason.
 */
export async function sendOutbox(
  store: Store,
  gateway: HubspotGateway,
  clock: Clock,
  log: Logger,
  limit = 500,
): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await store.outbox.claim(limit, clock.now(), 5 * 60_000);
  const byKind = new Map<string, ClaimedMessage[]>();
  for (const m of claimed) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);

  const settle = async (batch: ClaimedMessage[], send: () => Promise<(string | null)[]>) => {
    try {
      const remote = await send();
      await store.outbox.markSent(
        batch.map((m, i) => ({ id: m.id, remoteId: remote[i] ?? null })),
        clock.now(),
      );
      report.sent += batch.length;
    } catch (error) {
      const permanent = error instanceof HubspotError && !error.retryable;
      const attempts = Math.max(...batch.map((m) => m.attempts));
      const giveUp = permanent || attempts >= MAX_ATTEMPTS;
      await store.outbox.retryLater(
        batch.map((m) => m.id),
        error instanceof Error ? error.message : String(error),
        clock.now(),
        giveUp ? null : Math.min(3_600_000, 30_000 * 2 ** (attempts - 1)),
      );
      if (giveUp) report.failed += batch.length;
      else report.retried += batch.length;
      log.warn({ err: error, messages: batch.length, giveUp }, 'outbox batch not sent');
    }
  };

  for (const [kind, messages] of byKind) {
    const schema = payloads[kind as OutboxKind];
    const valid: { message: ClaimedMessage; payload: unknown }[] = [];
    for (const message of messages) {
      const parsed = schema?.safeParse(message.payload);
      if (!parsed?.success) {
        await store.outbox.retryLater(
          [message.id],
          `unknown kind or malformed payload for ${kind}`,
          clock.now(),
          null,
        );
        report.failed += 1;
      } else valid.push({ message, payload: parsed.data });
    }
    for (let i = 0; i < valid.length; i += 100) {
      const batch = valid.slice(i, i + 100);
      const msgs = batch.map((b) => b.message);
      await settle(msgs, () =>
        sendBatch(
          gateway,
          kind as OutboxKind,
          batch.map((b) => b.payload),
          msgs,
        ),
      );
    }
  }
  return report;
}

async function sendBatch(
  gateway: HubspotGateway,
  kind: OutboxKind,
  items: unknown[],
  messages: readonly ClaimedMessage[],
): Promise<(string | null)[]> {
  switch (kind) {
    case 'update_properties': {
      for (const p of items as z.infer<(typeof payloads)['update_properties']>[])
        await gateway.batchUpdateObjects(p.objectType, p.inputs);
      return items.map(() => null);
    }
    case 'set_property': {
      const list = items as z.infer<(typeof payloads)['set_property']>[];
      await gateway.batchUpdateObjects(
        'contacts',
        list.map((p) => ({
          id: String(p.objectId),
          properties: { [p.property]: String(p.value) },
        })),
      );
      return items.map(() => null);
    }
    case 'create_task': {
      const list = items as z.infer<(typeof payloads)['create_task']>[];
      // HubSpot takes no idempotency key: an earlier attempt may have created a task whose answer
      // was lost (a timeout after the commit, a crash before it was marked sent). A retried
      // message looks for its task first — same owner, same subject, created since it was queued.
      const existing = await Promise.all(
        list.map((t, i) => {
          const m = messages[i];
          return m && m.attempts > 1
            ? gateway.findTask(t.ownerId, t.subject, m.createdAt)
            : Promise.resolve(undefined);
        }),
      );
      const missing = list.filter((_, i) => existing[i] === undefined);
      const created = missing.length > 0 ? await createTasks(gateway, missing) : [];
      let next = 0;
      return existing.map((id) => id ?? created[next++] ?? null);
    }
    case 'complete_task': {
      const list = items as z.infer<(typeof payloads)['complete_task']>[];
      await gateway.batchUpdateObjects(
        'tasks',
        list.map((t) => ({ id: t.taskId, properties: { hs_task_status: 'COMPLETED' } })),
      );
      return items.map(() => null);
    }
    case 'update_task': {
      const list = items as z.infer<(typeof payloads)['update_task']>[];
      await gateway.batchUpdateObjects(
        'tasks',
        list.map((t) => ({
          id: t.taskId,
          properties: { hs_task_subject: t.subject, hs_task_body: t.body },
        })),
      );
      return items.map(() => null);
    }
    case 'create_role': {
      const list = items as z.infer<(typeof payloads)['create_role']>[];
      // The role targets the contact through the schema's unlabeled role → contact association,
      // whose type id is the portal's own: read it from HubSpot.
      const labels = await gateway.listAssociationLabels('p_networking_role', 'contacts');
      const plain = labels.find((l) => !l.label) ?? labels[0];
      if (!plain)
        throw new Error(
          'Networking Roles cannot be associated with contacts: run `rapport hubspot setup`',
        );
      return gateway.batchCreateObjects(
        'p_networking_role',
        list.map((r) => ({
          properties: { role_kind: r.kind, networker_owner_id: String(r.ownerId) },
          associations: [
            {
              toId: String(r.contactId),
              typeId: plain.typeId,
              category:
                plain.category === 'HUBSPOT_DEFINED'
                  ? ('HUBSPOT_DEFINED' as const)
                  : ('USER_DEFINED' as const),
            },
          ],
        })),
      );
    }
  }
}

function createTasks(
  gateway: HubspotGateway,
  list: z.infer<(typeof payloads)['create_task']>[],
): Promise<string[]> {
  const inputs: NewRecordInput[] = list.map((t) => ({
    properties: {
      hs_task_subject: t.subject,
      hs_task_body: t.body,
      hubspot_owner_id: String(t.ownerId),
      hs_task_status: 'NOT_STARTED',
      hs_timestamp: new Date().toISOString(),
    },
    ...(t.contactId
      ? { associations: [{ toId: String(t.contactId), typeId: TASK_TO_CONTACT }] }
      : {}),
  }));
  return gateway.batchCreateObjects('tasks', inputs);
}
