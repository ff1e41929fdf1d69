import type { TeamCard } from '../../extensions/lib/contracts.js';
import type { PortalAnalysis } from '../analytics/load-context.js';
import { loadRorData, rorFor } from '../analytics/ror-report.js';
import { teamKpis, touchesByOwner } from '../analytics/team-kpis.js';
import { DAY_MS } from '../domain/time.js';
import type { RiskFlag } from '../store/repositories/insight-repository.js';
import type { Repositories } from '../store/store.js';
import { cardError, type CardCaller, type CardResponse } from './card-request.js';
import { directoryOf, findingView } from './directory.js';
import { contactName } from '../domain/analyze-contact.js';

const RISKS: RiskFlag[] = ['singleThreaded', 'unthreaded', 'cold', 'orphaned', 'ownerMismatch'];

/** A Networking Team: members and roles, targets covered or not, KPIs against targets, RoR, risks. */
export async function teamCard(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  teamId: number,
): Promise<CardResponse> {
  const { portalId } = caller;
  const team = portal.network.teams.find((t) => t.teamId === teamId);
  if (!team)
    return cardError(
      404,
      'unknown_team',
      `Networking Team ${teamId} is not in Rapport's mirror of this portal`,
    );
  const { asOf, settings } = portal.ctx;
  const dir = directoryOf(portal);
  const period = { from: asOf - settings.strength.trendWindowDays * DAY_MS, to: asOf + 1 };
  const yearly = { from: asOf - 365 * DAY_MS, to: asOf + 1 };
  const [kpis, rorData, insights, people, openFindings] = await Promise.all([
    (async () =>
      teamKpis(repos, portal, teamId, period, await touchesByOwner(repos, portalId, period)))(),
    loadRorData(repos, portalId, yearly),
    repos.insights.contacts(portalId, team.targetContacts),
    repos.contacts.getMany(portalId, team.targetContacts),
    Promise.all([
      repos.findings.openOn(portalId, 'team', [teamId]),
      repos.findings.openOn(
        portalId,
        'role',
        portal.network.roles.filter((r) => r.teamId === teamId).map((r) => r.roleId),
      ),
      repos.findings.openOn(portalId, 'contact', team.targetContacts),
    ]).then((lists) => lists.flat()),
  ]);
  const ror = rorFor(portal, rorData, { kind: 'team', teamId });
  const names = new Map(people.map((c) => [c.contactId, contactName(c)]));
  const roles = portal.network.roles.filter((r) => r.teamId === teamId);
  const members = new Map<number, string[]>();
  for (const r of roles)
    if (r.ownerId !== null) members.set(r.ownerId, [...(members.get(r.ownerId) ?? []), r.kind]);
  const roleIds = new Set(roles.map((r) => r.roleId));
  const targets = new Set(team.targetContacts);
  const issues = openFindings.filter(
    (f) =>
      (f.objectType === 'team' && f.objectId === teamId) ||
      (f.objectType === 'role' && roleIds.has(f.objectId)) ||
      (f.objectType === 'contact' &&
        targets.has(f.objectId) &&
        ['relationship_owner_overlap', 'key_stakeholder_without_relationship_owner'].includes(
          f.ruleId,
        )),
  );
  const row = (i: { contactId: number; threads: number }) => ({
    contactId: i.contactId,
    name: names.get(i.contactId) ?? `contact ${i.contactId}`,
    threads: i.threads,
  });
  const t = settings.kpiTargets;
  const goal = settings.goals.find((g) => g.id === team.goalId);
  const body: TeamCard = {
    team: {
      id: teamId,
      name: team.name,
      purpose: team.purpose,
      goal: goal ? { id: goal.id, title: goal.title } : null,
    },
    members: [...members.entries()]
      .sort(([a], [b]) => a - b)
      .map(([ownerId, kinds]) => ({
        ownerId,
        name: dir.name(ownerId),
        active: dir.active(ownerId),
        roles: kinds,
      })),
    issues: issues.map(findingView),
    targets: {
      covered: insights.filter((i) => i.threads > 0).map(row),
      uncovered: team.targetContacts
        .filter((id) => !insights.some((i) => i.contactId === id && i.threads > 0))
        .map((id) => row({ contactId: id, threads: 0 })),
    },
    kpis: [
      { name: 'Coverage', value: kpis.coverage, target: t.coverage },
      { name: 'Average strength', value: kpis.averageStrength, target: t.averageStrength },
      {
        name: `Touches (${settings.strength.trendWindowDays} days)`,
        value: kpis.touches,
        target: null,
      },
      { name: 'New strong ties', value: kpis.newStrongTies, target: t.newStrongTiesPerQuarter },
      { name: 'Hygiene score', value: kpis.hygieneScore, target: t.hygieneScore },
      { name: 'RoR (12 months)', value: ror.ror, target: t.ror },
    ],
    ror: {
      value: ror.ror,
      returnTotal: ror.return.total,
      sourced: ror.return.sourced,
      influenced: ror.return.influenced,
      introductions: ror.return.introductions + ror.return.referrals,
      investmentTotal: ror.investment.total,
      touchCost: ror.investment.touchCost,
      activityCost: ror.investment.activityCost,
      deals: ror.deals.filter((d) => d.attribution !== null).length,
    },
    atRisk: insights
      .filter((i) => RISKS.some((r) => i[r]))
      .map((i) => ({
        contactId: i.contactId,
        name: names.get(i.contactId) ?? `contact ${i.contactId}`,
        risks: RISKS.filter((r) => i[r]),
      })),
  };
  return { status: 200, body };
}
