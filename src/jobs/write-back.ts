import { createHash } from 'node:crypto';
import type { CompanyInsight } from '../domain/company-insight.js';
import type { StoredContactInsight } from '../store/repositories/insight-repository.js';
import type { Store } from '../store/store.js';

const RISK_VALUES: [keyof StoredContactInsight, string][] = [
  ['singleThreaded', 'single_threaded'],
  ['cold', 'cold'],
  ['unthreaded', 'unthreaded'],
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
    rapport_strongest_networker:
      i.strongestActiveOwnerId === null ? '' : String(i.strongestActiveOwnerId),
  };
}

/**
 * The computed company properties: strength and threads across its contacts, coverage (contacts
 * with a thread), key-person concentration, and its risk — single-threaded when one networker
 * holds every strong tie, cold when none of its contacts has a thread. Companies have no hygiene
 * rules of their own, so `rapport_hygiene_score` is left to contacts.
 */
export function companyProperties(c: CompanyInsight): Record<string, string> {
  const risk = [
    ...(c.threadedContacts > 0 && c.networkers === 1 ? ['single_threaded'] : []),
    ...(c.contacts > 0 && c.threadedContacts === 0 ? ['cold'] : []),
  ];
  return {
    rapport_relationship_strength: String(Math.round(c.maxScore)),
    rapport_threads: String(c.networkers),
    rapport_risk: risk.join(';'),
    rapport_coverage: String(
      c.contacts === 0 ? 0 : Math.round((100 * c.threadedContacts) / c.contacts),
    ),
    rapport_key_person_concentration: String(Math.round(100 * c.topShare)),
  };
}

const fingerprint = (properties: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(properties)).digest('base64url').slice(0, 22);

type WrittenType = 'contacts' | 'companies';

/** One page of records' computed properties, in id order after `afterId`. */
type PropertyPage = (
  afterId: number,
  limit: number,
) => Promise<{
  lastId: number | undefined;
  records: { id: number; properties: Record<string, string> }[];
}>;

/**
 * Queues the computed properties of every contact and company whose values changed since they
 * were last written (`rapport_last_audited` goes with them), 100 records per outbox message so
 * one failed batch is retried alone. The fingerprints are recorded in the same transaction as
 * the messages.
 */
export async function writeBack(
  store: Store,
  portalId: number,
  now: number,
  pageSize = 5_000,
): Promise<{ checked: number; changed: number; messages: number }> {
  const contacts: PropertyPage = async (afterId, limit) => {
    const page = await store.contacts.page(portalId, afterId, limit);
    const insights = await store.insights.contacts(
      portalId,
      page.map((c) => c.contactId),
    );
    return {
      lastId: page.at(-1)?.contactId,
      records: insights.map((i) => ({ id: i.contactId, properties: contactProperties(i) })),
    };
  };
  const companies: PropertyPage = async (afterId, limit) => {
    const insights = await store.insights.companyPage(portalId, afterId, limit);
    return {
      lastId: insights.at(-1)?.companyId,
      records: insights.map((c) => ({ id: c.companyId, properties: companyProperties(c) })),
    };
  };
  const totals = { checked: 0, changed: 0, messages: 0 };
  for (const [objectType, read] of [
    ['contacts', contacts],
    ['companies', companies],
  ] as const) {
    const done = await writeChanged(store, portalId, objectType, read, now, pageSize);
    totals.checked += done.checked;
    totals.changed += done.changed;
    totals.messages += done.messages;
  }
  return totals;
}

async function writeChanged(
  store: Store,
  portalId: number,
  objectType: WrittenType,
  read: PropertyPage,
  now: number,
  pageSize: number,
): Promise<{ checked: number; changed: number; messages: number }> {
  let checked = 0;
  let changed = 0;
  let messages = 0;
  for (let after = 0; ;) {
    const { lastId, records } = await read(after, pageSize);
    if (lastId === undefined) break;
    after = lastId;
    const written = await store.jobs.writtenFingerprints(
      portalId,
      objectType,
      records.map((r) => r.id),
    );
    checked += records.length;
    const updates = records.flatMap((r) => {
      const print = fingerprint(r.properties);
      return written.get(r.id) === print ? [] : [{ ...r, print }];
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
          dedupeKey: `props:${objectType}:${now}:${batch[0]?.id ?? 0}`,
          payload: {
            objectType,
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
        objectType,
        updates.map((u) => ({ objectId: u.id, fingerprint: u.print })),
        now,
      );
    });
  }
  return { checked, changed, messages };
}
