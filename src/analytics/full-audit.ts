import { CompanyTally } from '../domain/company-insight.js';
import { auditNetwork, auditTouch } from '../domain/hygiene/audit-rules.js';
import { CONTACT_RULES } from '../domain/hygiene/contact-rules.js';
import { ScoreAverage } from '../domain/hygiene/hygiene-score.js';
import { NETWORK_RULES } from '../domain/hygiene/network-rules.js';
import { TOUCH_RULES } from '../domain/hygiene/touch-rules.js';
import type { PortalId, TouchType } from '../domain/types.js';
import { toRelationshipRow } from '../store/repositories/relationship-repository.js';
import {
  toCompanyInsightRow,
  toContactInsightRow,
} from '../store/repositories/insight-repository.js';
import type { Store } from '../store/store.js';
import { analyzeBatch } from './contact-pass.js';
import { loadPortalAnalysis, type PortalAnalysis } from './load-context.js';
import { NetworkerTally, Tallies } from './networker-tally.js';

export const CONTACT_RULE_IDS = CONTACT_RULES.map((r) => r.id);
export const TOUCH_RULE_IDS = TOUCH_RULES.map((r) => r.id);
export const NETWORK_RULE_IDS = NETWORK_RULES.map((r) => r.id);
const LAST_ID = Number.MAX_SAFE_INTEGER;

export interface AuditProgress {
  phase: 'contacts' | 'companies' | 'network' | 'metrics';
  done: number;
  total: number;
}

export interface ContactPassTotals {
  contacts: number;
  relationships: number;
  findingsOpened: number;
  findingsResolved: number;
  keyStakeholders: number;
  coveredKeyStakeholders: number;
  keyStrengthSum: number;
  hygiene: ScoreAverage;
  networkers: Tallies<NetworkerTally>;
}

/**
 * The full run: every contact of a portal, in id order, one page at a time (memory stays bounded
 * by the page, the duplicate-key index and the per-company tallies). Each page's relationships,
 * insights and keys replace the page's id range; its findings are reconciled in the same range.
 */
export async function analyzeAllContacts(
  store: Store,
  portal: PortalAnalysis,
  options: { now: number; pageSize: number; onProgress: (p: AuditProgress) => void },
): Promise<ContactPassTotals> {
  const { portalId, settings } = portal.ctx;
  const total = await store.contacts.count(portalId);
  // The duplicate index: the first (lowest) contact id seen for each key. Per kind, and phone
  // numbers as numbers (E.164 digits fit in 2^53): a million contacts hold three million keys.
  const firstHolder = {
    email: new Map<string, number>(),
    nameCompany: new Map<string, number>(),
    phone: new Map<number, number>(),
  };
  const claim = <K>(map: Map<K, number>, key: K, contactId: number): number => {
    const first = map.get(key);
    if (first !== undefined) return first;
    map.set(key, contactId);
    return contactId;
  };
  const companies = new Tallies((id) => new CompanyTally(id));
  const totals: ContactPassTotals = {
    contacts: 0,
    relationships: 0,
    findingsOpened: 0,
    findingsResolved: 0,
    keyStakeholders: 0,
    coveredKeyStakeholders: 0,
    keyStrengthSum: 0,
    hygiene: new ScoreAverage(),
    networkers: new Tallies(() => new NetworkerTally(settings.strength)),
  };

  // Reads of the next page are in flight while this one is analysed and written: on PostgreSQL
  // the server works on one core while the analysis runs on the other.
  const readPage = async (afterId: number) => {
    const contacts = await store.contacts.page(portalId, afterId, options.pageSize);
    const last = contacts.at(-1);
    // The range starts after the previous page, so rows of contacts archived in between go too.
    const range = { from: afterId + 1, to: last ? last.contactId : LAST_ID };
    const [touches, links] = last
      ? await Promise.all([
          store.touches.contactRange(portalId, range.from, range.to),
          store.contacts.companyLinksInRange(portalId, range.from, range.to),
        ])
      : [[], []];
    return { contacts, range, touches, links, last };
  };

  let next = readPage(0);
  for (;;) {
    const { contacts, range, touches, links, last } = await next;
    if (last) next = readPage(last.contactId);
    const analyzed = analyzeBatch(portal, contacts, touches, links, (k) =>
      k.kind === 'phone'
        ? claim(firstHolder.phone, Number(k.key.slice(1)), k.contactId)
        : claim(firstHolder[k.kind], k.key, k.contactId),
    );

    await store.bulkLoad(
      async (bulk) => {
        for (const table of ['relationships', 'contact_insights'] as const)
          await bulk.deleteRange(table, portalId, 'contact_id', range.from, range.to);
        await bulk.insert(
          'relationships',
          analyzed.flatMap((a) => a.relationships.map((r) => toRelationshipRow(portalId, r))),
        );
        await bulk.insert(
          'contact_insights',
          analyzed.map((a) => toContactInsightRow(portalId, a.insight)),
        );
      },
      { analyze: false },
    );
    // The page's keys and findings in one transaction: the duplicate-key index takes random
    // inserts, and each commit rewrites the index pages it dirtied into the WAL, so one commit per
    // statement made that cost grow with the square of the portal (300k contacts: 74 → 61 s).
    const outcome = await store.transaction(async (repos) => {
      await repos.contactKeys.syncRange(
        portalId,
        range,
        analyzed.flatMap((a) => a.keys),
      );
      return repos.findings.reconcile(
        portalId,
        { ruleIds: CONTACT_RULE_IDS, objectType: 'contact', range },
        analyzed.flatMap((a) => a.findings),
        options.now,
      );
    });
    totals.findingsOpened += outcome.opened;
    totals.findingsResolved += outcome.resolved;

    for (const a of analyzed) {
      totals.contacts += 1;
      totals.relationships += a.relationships.length;
      totals.hygiene.add(a.insight.hygieneScore);
      if (a.insight.keyStakeholder) {
        totals.keyStakeholders += 1;
        totals.keyStrengthSum += a.insight.maxScore;
        if (a.insight.threads > 0) totals.coveredKeyStakeholders += 1;
      }
      if (a.contact.ownerId !== null)
        totals.networkers
          .get(a.contact.ownerId)
          .addOwnedContact(a.insight.hygieneScore, a.findings);
      for (const r of a.relationships) totals.networkers.get(r.ownerId).addRelationship(r);
      for (const companyId of a.companyIds) companies.get(companyId).addContact(a.insight);
    }
    options.onProgress({ phase: 'contacts', done: totals.contacts, total });
    if (!last) break;
  }

  options.onProgress({ phase: 'companies', done: 0, total: companies.size });
  await store.bulkLoad(
    async (bulk) => {
      await bulk.deleteRange('company_insights', portalId, 'company_id', 0, LAST_ID);
      await bulk.insert(
        'company_insights',
        companies.entries().map(([, tally]) => toCompanyInsightRow(portalId, tally.result())),
      );
    },
    { analyze: true },
  );
  options.onProgress({ phase: 'companies', done: companies.size, total: companies.size });
  return totals;
}

/** Findings about touches (`unassociated`: those on no record) and the network (teams, roles, activities). */
export async function auditTouchesAndNetwork(
  store: Store,
  portal: PortalAnalysis,
  unassociated: readonly { touchId: number; type: TouchType; ownerId: number | null }[],
  now: number,
): Promise<{ opened: number; resolved: number }> {
  const { portalId, settings } = portal.ctx;
  const touchFindings = unassociated.flatMap((t) =>
    auditTouch({ ...t, contactCount: 0, companyCount: 0 }, settings),
  );
  // One transaction: the findings and the alerts they owe commit together.
  return store.transaction(async (repos) => {
    const a = await repos.findings.reconcile(
      portalId,
      { ruleIds: TOUCH_RULE_IDS, objectType: 'touch' },
      touchFindings,
      now,
    );
    const b = await repos.findings.reconcile(
      portalId,
      { ruleIds: NETWORK_RULE_IDS },
      auditNetwork(portal.network, settings),
      now,
    );
    return { opened: a.opened + b.opened, resolved: a.resolved + b.resolved };
  });
}

/** Loads the portal's shared context, clearing the marks a full run makes redundant. */
export async function startFullRun(
  store: Store,
  portalId: PortalId,
  asOf: number,
): Promise<PortalAnalysis> {
  // Cleared before reading: a change after this point is marked again and recomputed later.
  await store.dirty.clear(portalId);
  return loadPortalAnalysis(store, portalId, asOf);
}
