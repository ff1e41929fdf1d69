import type { CompanyTally } from '../domain/company-insight.js';
import { ScoreAverage } from '../domain/hygiene/hygiene-score.js';
import { HandoverCollector } from './handover-report.js';
import type { PortalAnalysis } from './load-context.js';
import { NetworkerTally, Tallies } from './networker-tally.js';
import type { AnalyzedPage } from './page-columns.js';
import { relationshipAt, tieAt } from './relationship-columns.js';

/** What the contact pass adds up as pages pass, for the run's report, KPIs and handovers. */
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
  handovers: HandoverCollector;
}

export function newPassTotals(portal: PortalAnalysis): ContactPassTotals {
  return {
    contacts: 0,
    relationships: 0,
    findingsOpened: 0,
    findingsResolved: 0,
    keyStakeholders: 0,
    coveredKeyStakeholders: 0,
    keyStrengthSum: 0,
    hygiene: new ScoreAverage(),
    networkers: new Tallies(() => new NetworkerTally(portal.ctx.settings.strength)),
    handovers: new HandoverCollector(portal),
  };
}

/**
 * Adds a written page to the run's tallies, its relationships read in place: only the contacts a
 * departed networker knew need theirs as objects (for the handover lists).
 */
export function tallyPage(
  totals: ContactPassTotals,
  companies: Tallies<CompanyTally>,
  /** The page's contacts' owners, in page order (NaN: none). */
  ownerIds: Float64Array,
  page: AnalyzedPage,
): void {
  const { relationships } = page;
  const tie = { ownerId: 0, score: 0, scoreBefore: 0 };
  let first = 0;
  page.contacts.forEach((a, i) => {
    const ownerId = ownerIds[i] ?? Number.NaN;
    const count = relationships.counts[i] ?? 0;
    totals.contacts += 1;
    totals.relationships += count;
    totals.hygiene.add(a.insight.hygieneScore);
    if (a.insight.keyStakeholder) {
      totals.keyStakeholders += 1;
      totals.keyStrengthSum += a.insight.maxScore;
      if (a.insight.threads > 0) totals.coveredKeyStakeholders += 1;
    }
    if (!Number.isNaN(ownerId))
      totals.networkers.get(ownerId).addOwnedContact(a.insight.hygieneScore, a.findings);
    let carried = false;
    for (let r = first; r < first + count; r += 1) {
      tieAt(relationships, r, tie);
      totals.networkers.get(tie.ownerId).addRelationship(tie);
      carried ||= totals.handovers.tracks(tie.ownerId);
    }
    if (carried)
      totals.handovers.add(
        a.insight.contactId,
        Array.from({ length: count }, (_, k) => relationshipAt(relationships, first + k)),
      );
    first += count;
    for (const companyId of a.companyIds) companies.get(companyId).addContact(a.insight);
  });
}
