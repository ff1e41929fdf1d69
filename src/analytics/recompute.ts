import { CompanyTally } from '../domain/company-insight.js';
import { auditNetwork, auditTouch } from '../domain/hygiene/audit-rules.js';
import type { PortalId } from '../domain/types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ContactKey } from '../store/repositories/contact-key-repository.js';
import type { Repositories, Store } from '../store/store.js';
import { analyzeBatch, keyRows } from './contact-pass.js';
import { CONTACT_RULE_IDS, NETWORK_RULE_IDS, TOUCH_RULE_IDS } from './full-audit.js';
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

/**
 * Recomputes the contacts marked dirty, and everything that depends on them: the other members of
 * their duplicate groups (old and new keys), their companies. Same functions as the full run, so
 * the stored results are those a full run would write at the same instant.
 */
export async function recomputeContacts(
  repos: Repositories,
  portal: PortalAnalysis,
  changedIds: readonly number[],
  now: number,
): Promise<{ contacts: number; companyIds: number[] }> {
  const { portalId } = portal.ctx;
  if (changedIds.length === 0) return { contacts: 0, companyIds: [] };
  const changed = await repos.contacts.getMany(portalId, changedIds);
  // The changed contacts' groups as stored: their own keys, and every holder of those keys.
  const changedSet = new Set(changedIds);
  const groupRows = await repos.contactKeys.groupsOf(portalId, changedIds);
  const oldKeys = groupRows.filter((k) => changedSet.has(k.contactId));
  const newKeys = changed.flatMap((c) => keyRows(portal, c));
  const keysMoved =
    oldKeys.length !== newKeys.length ||
    newKeys.some((k) => !oldKeys.some((o) => o.contactId === k.contactId && keyId(o) === keyId(k)));

  // When a contact's keys change, every group it left or joined may have a new first holder, so
  // the other members are recomputed too. A new touch changes no key: only the contact itself.
  let contacts = changed;
  let affectedIds = [...changedIds];
  if (keysMoved) {
    await repos.contactKeys.replaceForContacts(portalId, changedIds, newKeys);
    const touchedGroups = new Map([...oldKeys, ...newKeys].map((k) => [keyId(k), k]));
    const members = await repos.contactKeys.holders(portalId, [...touchedGroups.values()]);
    affectedIds = [...new Set([...changedIds, ...members.map((m) => m.contactId)])];
    contacts = [
      ...changed,
      ...(await repos.contacts.getMany(
        portalId,
        affectedIds.filter((id) => !changedSet.has(id)),
      )),
    ];
  }
  affectedIds.sort((a, b) => a - b);
  contacts.sort((a, b) => a.contactId - b.contactId);

  // Unmoved keys: their holders are the groups read above. Moved: the groups as now stored.
  let holders = groupRows;
  if (keysMoved) {
    const keys = await repos.contactKeys.ofContacts(
      portalId,
      contacts.map((c) => c.contactId),
    );
    holders = await repos.contactKeys.holders(portalId, [
      ...new Map(keys.map((k) => [keyId(k), k])).values(),
    ]);
  }
  const firstHolder = new Map<string, number>();
  for (const h of holders) {
    const id = keyId(h);
    firstHolder.set(id, Math.min(firstHolder.get(id) ?? h.contactId, h.contactId));
  }

  const [touches, links] = await Promise.all([
    repos.touches.forContacts(
      portalId,
      contacts.map((c) => c.contactId),
    ),
    // Archived contacts' links too: their companies lose a contact.
    repos.contacts.companyLinksOf(portalId, affectedIds),
  ]);
  const analyzed = analyzeBatch(
    portal,
    contacts,
    touches,
    links,
    (k) => firstHolder.get(keyId(k)) ?? k.contactId,
  );
  await repos.relationships.replaceForContacts(
    portalId,
    affectedIds,
    analyzed.flatMap((a) => a.relationships),
  );
  await repos.insights.replaceContacts(
    portalId,
    affectedIds,
    analyzed.map((a) => a.insight),
  );
  await repos.findings.reconcile(
    portalId,
    { ruleIds: CONTACT_RULE_IDS, objectType: 'contact', ids: affectedIds },
    analyzed.flatMap((a) => a.findings),
    now,
  );
  return {
    contacts: affectedIds.length,
    companyIds: [...new Set(links.map((l) => l.companyId))],
  };
}

export async function recomputeCompanies(
  repos: Repositories,
  portal: PortalAnalysis,
  companyIds: readonly number[],
): Promise<void> {
  const { portalId } = portal.ctx;
  for (const companyId of companyIds) {
    const contacts = await repos.insights.contactsOfCompany(portalId, companyId);
    const tally = new CompanyTally(companyId);
    for (const c of contacts) tally.addContact(c);
    // A company with no active contact has no insight, as after a full run.
    await repos.insights.replaceCompanies(
      portalId,
      [companyId],
      contacts.length === 0 ? [] : [tally.result()],
    );
  }
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

  async function runBatch(portalId?: PortalId): Promise<RecomputeReport & { fannedOut: boolean }> {
    const started = performance.now();
    const report = await store.transaction(
      async (repos) => {
        const marks = await repos.dirty.take(batchSize, portalId);
        const first = marks[0];
        if (!first) return { ...NOTHING, fannedOut: false };
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
        const contacts = await recomputeContacts(repos, portal, ids('contact'), now);
        const companyIds = [...new Set([...ids('company'), ...contacts.companyIds])];
        await recomputeCompanies(repos, portal, companyIds);

        const touchIds = ids('touch');
        if (touchIds.length > 0)
          await repos.findings.reconcile(
            first.portalId,
            { ruleIds: TOUCH_RULE_IDS, objectType: 'touch', ids: touchIds },
            (await repos.touches.unassociated(first.portalId, touchIds)).flatMap((t) =>
              auditTouch({ ...t, contactCount: 0, companyCount: 0 }, portal.ctx.settings),
            ),
            now,
          );

        const networkMarks =
          ownerIds.length + ids('team').length + ids('role').length + ids('activity').length;
        if (networkMarks > 0)
          await repos.findings.reconcile(
            first.portalId,
            { ruleIds: NETWORK_RULE_IDS },
            auditNetwork(portal.network, portal.ctx.settings),
            now,
          );
        return {
          marks: marks.length,
          contacts: contacts.contacts,
          companies: companyIds.length,
          touches: touchIds.length,
          network: networkMarks,
          ms: 0,
          fannedOut: ownerIds.length > 0,
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
      const started = performance.now();
      for (;;) {
        const r = await runBatch(portalId);
        if (r.marks === 0) break;
        for (const k of ['marks', 'contacts', 'companies', 'touches', 'network'] as const)
          total[k] += r[k];
        if (performance.now() - started > maxMs) break;
        // A batch short of full took all its portal had; one count (not an empty transaction of
        // five statements) tells whether another portal, or a change since, left marks. A
        // networker's change marks contacts of its own, for later batches.
        if (r.marks < batchSize && !r.fannedOut && (await store.dirty.count(portalId)) === 0) break;
      }
      total.ms = Math.round(performance.now() - started);
      if (total.marks > 0) log.debug({ recompute: total }, 'analytics recomputed');
      return total;
    },
  };
}
