import type { CompanyContact } from '../domain/company-insight.js';
import { auditNetwork, auditTouch } from '../domain/hygiene/audit-rules.js';
import type { Finding, PortalId } from '../domain/types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ContactKey } from '../store/repositories/contact-key-repository.js';
import type { FindingScope } from '../store/repositories/finding-reconcile.js';
import type { StoredContactInsight } from '../store/repositories/insight-repository.js';
import type { StoredRelationship } from '../store/repositories/relationship-repository.js';
import { mergeInputs, type RecomputeInputs } from '../store/repositories/recompute-store.js';
import { packTouches } from '../store/packed-touches.js';
import type { Repositories, Store } from '../store/store.js';
import { recomputeCompanies, type ContactOutcome } from './company-results.js';
import { analyzeBatch, keyRows } from './contact-pass.js';
import { fullRunGoing } from './full-runs.js';
import { CONTACT_RULE_IDS, NETWORK_RULE_IDS, TOUCH_RULE_IDS } from './rule-scopes.js';
import type { PortalAnalysis } from './load-context.js';
import { createPortalCache, type PortalCache } from './portal-cache.js';

export interface RecomputeReport {
  marks: number;
  contacts: number;
  companies: number;
  touches: number;
  network: number;
  ms: number;
}

const NOTHING: RecomputeReport = {
  marks: 0,
  contacts: 0,
  companies: 0,
  touches: 0,
  network: 0,
  ms: 0,
};

const keyId = (k: Pick<ContactKey, 'kind' | 'key'>) => `${k.kind}\u0000${k.key}`;

/** A batch's contacts recomputed, not yet written. */
interface ContactResults extends ContactOutcome {
  /** The changed contacts and the other members of the duplicate groups they left or joined. */
  affectedIds: number[];
  relationships: StoredRelationship[];
  insights: StoredContactInsight[];
  findings: Finding[];
}

/**
 * Recomputes the contacts marked dirty, and everything that depends on them: the other members of
 * their duplicate groups (old and new keys), their companies. Same functions as the full run, so
 * the stored results are those a full run would write at the same instant. `read` is what the
 * batch read of the changed contacts before any write.
 */
export async function recomputeContacts(
  repos: Repositories,
  portal: PortalAnalysis,
  changedIds: readonly number[],
  read: RecomputeInputs,
): Promise<ContactResults> {
  const { portalId } = portal.ctx;
  if (changedIds.length === 0)
    return {
      affectedIds: [],
      relationships: [],
      insights: [],
      inputs: read,
      fresh: new Map(),
      findings: [],
    };
  // The changed contacts' keys as stored (the read holds only theirs), each with its first holder.
  const oldKeys = read.heldKeys;
  const newKeys = read.contacts.flatMap((c) => keyRows(portal, c));
  const keysMoved =
    oldKeys.length !== newKeys.length ||
    newKeys.some((k) => !oldKeys.some((o) => o.contactId === k.contactId && keyId(o) === keyId(k)));

  // When a contact's keys change, every group it left or joined may have a new first holder, so
  // the other members are recomputed too. A new touch changes no key: only the contact itself.
  let inputs = read;
  let affectedIds = [...changedIds];
  if (keysMoved) {
    await repos.contactKeys.replaceForContacts(portalId, changedIds, newKeys);
    const touchedGroups = new Map([...oldKeys, ...newKeys].map((k) => [keyId(k), k]));
    const members = await repos.contactKeys.holders(portalId, [...touchedGroups.values()]);
    affectedIds = [...new Set([...changedIds, ...members.map((m) => m.contactId)])];
    const changedSet = new Set(changedIds);
    const others = affectedIds.filter((id) => !changedSet.has(id));
    if (others.length > 0)
      inputs = mergeInputs(read, await repos.recompute.inputs(portalId, { contactIds: others }));
  }
  affectedIds.sort((a, b) => a - b);
  const contacts = inputs.contacts;

  // Unmoved keys: their first holders as read above. Moved: from the groups as now stored.
  const firstHolder = new Map<string, number>();
  if (keysMoved) {
    const keys = await repos.contactKeys.ofContacts(
      portalId,
      contacts.map((c) => c.contactId),
    );
    const holders = await repos.contactKeys.holders(portalId, [
      ...new Map(keys.map((k) => [keyId(k), k])).values(),
    ]);
    for (const h of holders) {
      const id = keyId(h);
      firstHolder.set(id, Math.min(firstHolder.get(id) ?? h.contactId, h.contactId));
    }
  } else for (const k of inputs.heldKeys) firstHolder.set(keyId(k), k.firstHolder);

  const analyzed = analyzeBatch(
    portal,
    contacts,
    // Grouped by contact, as the analysis walks them.
    packTouches([...inputs.touches].sort((a, b) => a.contactId - b.contactId)),
    inputs.links,
    (k) => firstHolder.get(keyId(k)) ?? k.contactId,
  );
  return {
    affectedIds,
    relationships: analyzed.flatMap((a) => a.relationships),
    insights: analyzed.map((a) => a.insight),
    inputs,
    fresh: new Map<number, CompanyContact>(analyzed.map((a) => [a.insight.contactId, a.insight])),
    findings: analyzed.flatMap((a) => a.findings),
  };
}

/** Drains dirty marks batch by batch, each batch in one transaction with the taking of its marks. */
export function createRecomputer(options: {
  store: Store;
  clock: Clock;
  log: Logger;
  batchSize?: number;
  /** Shared with the card API: one copy of each portal's network in memory. */
  portals?: PortalCache;
}) {
  const { store, clock, log } = options;
  const batchSize = options.batchSize ?? 200;
  const portals = options.portals ?? createPortalCache();

  async function runBatch(portalId?: PortalId): Promise<RecomputeReport & { more: boolean }> {
    const started = performance.now();
    const report = await store.transaction(
      async (repos) => {
        const { marks, more } = await repos.dirty.take(batchSize, portalId);
        const first = marks[0];
        if (!first) return { ...NOTHING, more: false };
        const ids = (type: string) =>
          marks.filter((m) => m.objectType === type).map((m) => m.objectId);
        const networkChanged = ['owner', 'team', 'role', 'activity'].some((t) => ids(t).length > 0);
        // A batch that changed networkers or the network reloads them before using them.
        const portal = await portals.get(repos, first.portalId, clock.now(), {
          reload: networkChanged,
        });

        // A networker's change (deactivation above all) reaches every contact they own, know or
        // hold a role towards: those become contact marks of their own, taken by later batches.
        const ownerIds = ids('owner');
        for (const ownerId of ownerIds) {
          const known = await repos.relationships.forOwner(first.portalId, ownerId);
          const owned = await repos.contacts.ownedBy(first.portalId, ownerId);
          const targeted = portal.network.roles
            .filter((r) => r.ownerId === ownerId)
            .flatMap((r) => r.targetContacts);
          await repos.dirty.mark(first.portalId, 'contact', [
            ...known.map((r) => r.contactId),
            ...owned,
            ...targeted,
          ]);
        }

        const now = clock.now();
        const touchIds = ids('touch');
        const networkMarks =
          ownerIds.length + ids('team').length + ids('role').length + ids('activity').length;
        // The findings the batch audits: its contacts', its touches', the network's when it changed.
        const auditedScopes = (contactIds: readonly number[]): FindingScope[] => [
          { ruleIds: CONTACT_RULE_IDS, objectType: 'contact', ids: contactIds },
          { ruleIds: TOUCH_RULE_IDS, objectType: 'touch', ids: touchIds },
          ...(networkMarks > 0 ? [{ ruleIds: NETWORK_RULE_IDS }] : []),
        ];
        const read = await repos.recompute.inputs(first.portalId, {
          contactIds: ids('contact'),
          companyIds: ids('company'),
          touchIds,
          findingScopes: auditedScopes(ids('contact')),
        });
        const contacts = await recomputeContacts(repos, portal, ids('contact'), read);
        const companies = await recomputeCompanies(repos, first.portalId, contacts, ids('company'));
        // Contacts whose duplicate groups moved widen the scope beyond what was read.
        const widened = contacts.affectedIds.length !== ids('contact').length;
        await repos.recompute.replaceResults(first.portalId, {
          contactIds: contacts.affectedIds,
          relationships: contacts.relationships,
          insights: contacts.insights,
          companyIds: companies.companyIds,
          companies: companies.insights,
          findings: {
            open: widened
              ? await repos.findings.openIn(first.portalId, auditedScopes(contacts.affectedIds))
              : read.openFindings,
            fresh: [
              ...contacts.findings,
              ...read.unassociated.flatMap((t) =>
                auditTouch({ ...t, contactCount: 0, companyCount: 0 }, portal.ctx.settings),
              ),
              ...(networkMarks > 0 ? auditNetwork(portal.network, portal.ctx.settings) : []),
            ],
            now,
          },
        });
        return {
          marks: marks.length,
          contacts: contacts.affectedIds.length,
          companies: companies.companyIds.length,
          touches: touchIds.length,
          network: networkMarks,
          ms: 0,
          // A networker's change marks contacts of its own, for the batches after this one.
          more: more || ownerIds.length > 0,
        };
      },
      { derived: true },
    );
    return { ...report, ms: Math.round((performance.now() - started) * 100) / 100 };
  }

  return {
    runBatch,
    /** Recomputes until no mark is left or `maxMs` has passed; returns the summed report. */
    async drain(maxMs = 10_000, portalId?: PortalId): Promise<RecomputeReport> {
      const total: RecomputeReport = { ...NOTHING };
      // A full run is going (its writes would overwrite what a recompute wrote after its read,
      // full-runs.ts), or a store's first audit is building the indexes it deferred: the marks
      // wait for after it.
      if (fullRunGoing(store) || store.auditIndexes.deferred()) return total;
      const started = performance.now();
      for (;;) {
        const r = await runBatch(portalId);
        if (r.marks === 0) break;
        for (const k of ['marks', 'contacts', 'companies', 'touches', 'network'] as const)
          total[k] += r[k];
        if (performance.now() - started > maxMs) break;
        // Known from the batch's own take (on PostgreSQL, its very statement): whether another
        // portal's marks, or more of this one's, were there as the batch began.
        if (!r.more) break;
      }
      total.ms = Math.round(performance.now() - started);
      if (total.marks > 0) log.debug({ recompute: total }, 'analytics recomputed');
      return total;
    },
  };
}
