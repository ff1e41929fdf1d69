import { createHash } from 'node:crypto';
import type { StoredContactInsight } from '../store/repositories/insight-repository.js';
import type { Store } from '../store/store.js';

const RISK_VALUES: [keyof StoredContactInsight, string][] = [
  ['singleThreaded', 'single_threaded'],
  ['cold', 'cold'],
  ['orphaned', 'orphaned'],
  ['ownerMismatch', 'owner_mismatch'],
];

/** The computed contact properties (docs/hubspot.md): what lists, reports and workflows use. */
export function contactProperties(i: StoredContactInsight): Record<string, string> {
  return {
    rapport_relationship_strength: String(Math.round(i.maxScore)),
    rapport_threads: String(i.threads),
    rapport_risk: RISK_VALUES.filter(([flag]) => i[flag])
      .map(([, value]) => value)
      .join(';'),
    rapport_hygiene_score: String(Math.round(i.hygieneScore)),
  };
}

const fingerprint = (properties: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(properties)).digest('base64url').slice(0, 22);

/**
 * Queues the computed properties of every contact whose values changed since they were last
 * written (`rapport_last_audited` goes with them), 100 contacts per outbox message so one failed
 * batch is retried alone. The fingerprints are recorded in the same transaction as the messages.
 */
export async function writeBack(
  store: Store,
  portalId: number,
  now: number,
  pageSize = 5_000,
): Promise<{ checked: number; changed: number; messages: number }> {
  let checked = 0;
  let changed = 0;
  let messages = 0;
  for (let after = 0; ;) {
    const contacts = await store.contacts.page(portalId, after, pageSize);
    const last = contacts.at(-1);
    if (!last) break;
    after = last.contactId;
    const ids = contacts.map((c) => c.contactId);
    const [insights, written] = await Promise.all([
      store.insights.contacts(portalId, ids),
      store.jobs.writtenFingerprints(portalId, 'contacts', ids),
    ]);
    checked += insights.length;
    const updates = insights.flatMap((i) => {
      const properties = contactProperties(i);
      const print = fingerprint(properties);
      return written.get(i.contactId) === print ? [] : [{ id: i.contactId, properties, print }];
    });
    if (updates.length === 0) continue;
    changed += updates.length;
    await store.transaction(async (repos) => {
      const batches = [];
      for (let k = 0; k < updates.length; k += 100) batches.push(updates.slice(k, k + 100));
      messages += await repos.outbox.enqueue(
        batches.map((batch) => ({
          portalId,
          kind: 'update_properties',
          dedupeKey: `props:${now}:${batch[0]?.id ?? 0}`,
          payload: {
            objectType: 'contacts',
            inputs: batch.map((u) => ({
              id: String(u.id),
              properties: { ...u.properties, rapport_last_audited: new Date(now).toISOString() },
            })),
          },
        })),
        now,
      );
      await repos.jobs.recordWrites(
        portalId,
        'contacts',
        updates.map((u) => ({ objectId: u.id, fingerprint: u.print })),
        now,
      );
    });
  }
  return { checked, changed, messages };
}
