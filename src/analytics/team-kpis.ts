import { ScoreAverage } from '../domain/hygiene/hygiene-score.js';
import { TieTally, targetCoverage, type Kpis } from '../domain/kpis.js';
import type { Period } from '../domain/time.js';
import type { Repositories } from '../store/store.js';
import type { PortalAnalysis } from './load-context.js';
import { loadRorData, rorFor, teamMembers, type RorData } from './ror-report.js';

export interface TeamKpis extends Kpis {
  teamId: number;
  name: string;
  goalId: string | null;
  members: number[];
  targets: number;
  covered: number;
  /** Target stakeholders without any thread: what the team should work on next. */
  uncoveredContacts: number[];
}

/** Touches per networker in a period, for the touch KPI. */
export type TouchesByOwner = ReadonlyMap<number, number>;

export async function touchesByOwner(
  repos: Repositories,
  portalId: number,
  period: Period,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const s of await repos.touches.stats(portalId, period, 0))
    if (s.ownerId !== null) out.set(s.ownerId, (out.get(s.ownerId) ?? 0) + s.count);
  return out;
}

/**
 * One team's KPIs over a period: coverage and strength of its targets, its members' touches and
 * strong ties, its targets' hygiene, and its RoR. `ties` gives a member's tie tally when a full run
 * already has it; otherwise it is computed from the member's stored relationships.
 */
export async function teamKpis(
  repos: Repositories,
  portal: PortalAnalysis,
  teamId: number,
  period: Period,
  touches: TouchesByOwner,
  ties?: (ownerId: number) => TieTally | undefined,
  rorData?: RorData,
): Promise<TeamKpis> {
  const team = portal.network.teams.find((t) => t.teamId === teamId);
  if (!team) throw new Error(`team ${teamId} is not in the mirror`);
  const portalId = portal.ctx.portalId;
  const members = teamMembers(portal, teamId, period);
  const [contacts, companies] = await Promise.all([
    repos.insights.contacts(portalId, team.targetContacts),
    repos.insights.companies(portalId, team.targetCompanies),
  ]);
  // A target with no insight row (no longer in the mirror, or never analysed) counts as uncovered.
  const byId = new Map(contacts.map((c) => [c.contactId, c]));
  const contactRows = team.targetContacts.map(
    (id) => byId.get(id) ?? { contactId: id, threads: 0, maxScore: 0, hygieneScore: 100 },
  );
  const companyById = new Map(companies.map((c) => [c.companyId, c]));
  const companyRows = team.targetCompanies.map(
    (id) => companyById.get(id) ?? { threadedContacts: 0, maxScore: 0 },
  );
  const coverage = targetCoverage(contactRows, companyRows);
  const hygiene = new ScoreAverage();
  for (const c of contactRows) hygiene.add(c.hygieneScore);

  let strongTies = 0;
  let newStrongTies = 0;
  for (const ownerId of members) {
    let tally = ties?.(ownerId);
    if (!tally) {
      tally = new TieTally(portal.ctx.settings.strength);
      for (const r of await repos.relationships.forOwner(portalId, ownerId)) tally.add(r);
    }
    strongTies += tally.strongTies;
    newStrongTies += tally.newStrongTies;
  }
  const ror = rorFor(portal, rorData ?? (await loadRorData(repos, portalId, period)), {
    kind: 'team',
    teamId,
  });
  return {
    teamId,
    name: team.name,
    goalId: team.goalId,
    members,
    targets: coverage.targets,
    covered: coverage.covered,
    uncoveredContacts: contactRows.filter((c) => c.threads === 0).map((c) => c.contactId),
    coverage: coverage.coverage,
    averageStrength: coverage.averageStrength,
    touches: members.reduce((s, m) => s + (touches.get(m) ?? 0), 0),
    strongTies,
    newStrongTies,
    hygieneScore: hygiene.value,
    ror: ror.ror,
  };
}
