import type { AnalysisContext } from '../domain/analyze-contact.js';
import type { NetworkFacts } from '../domain/hygiene/rule.js';
import { DEFAULT_SETTINGS } from '../domain/settings.js';
import type { Owner, PortalId } from '../domain/types.js';
import type { Repositories } from '../store/store.js';

export interface PortalAnalysis {
  ctx: AnalysisContext;
  network: NetworkFacts;
  /** Members (open roles) of the teams targeting each contact: handover successors of last resort. */
  teamMembersOf: (contactId: number) => number[];
}

const idsOf = (targets: readonly { objectType: string; objectId: number }[], type: string) =>
  targets.filter((t) => t.objectType === type).map((t) => t.objectId);

/**
 * Loads what every analysis of one portal shares: settings, networkers, and the network of teams,
 * roles and activities (small next to contacts and touches, so held in memory).
 */
export async function loadPortalAnalysis(
  repos: Repositories,
  portalId: PortalId,
  asOf: number,
): Promise<PortalAnalysis> {
  return buildPortalAnalysis(await loadPortalData(repos, portalId), asOf);
}

/** The rows a portal analysis is built from; cached by the recompute between network changes. */
export type PortalData = Awaited<ReturnType<typeof loadPortalData>>;

export async function loadPortalData(repos: Repositories, portalId: PortalId) {
  const [settingsVersion, owners, teams, roles, activities, teamLinks, roleLinks, attendeeLinks] =
    await Promise.all([
      repos.settings.current(portalId),
      repos.owners.list(portalId, { includeArchived: true }),
      repos.networking.teams(portalId),
      repos.networking.roles(portalId),
      repos.networking.activities(portalId),
      repos.networking.allLinks(portalId, 'team'),
      repos.networking.allLinks(portalId, 'role'),
      repos.networking.allLinks(portalId, 'activity'),
    ]);
  return {
    portalId,
    settingsVersion,
    owners,
    teams,
    roles,
    activities,
    teamLinks,
    roleLinks,
    attendeeLinks,
  };
}

/** Derives the maps every analysis uses, as of one instant (roles expire). */
export function buildPortalAnalysis(data: PortalData, asOf: number): PortalAnalysis {
  const { portalId, settingsVersion, owners, teams, roles, activities } = data;
  const { teamLinks, roleLinks, attendeeLinks } = data;
  const settings = settingsVersion?.settings ?? DEFAULT_SETTINGS;
  const ownerMap = new Map<number, Owner>(owners.map((o) => [o.ownerId, o]));
  const activeTeams = new Set(teams.map((t) => t.teamId));
  const isOpen = (r: { endsAt: number | null }) => r.endsAt === null || r.endsAt > asOf;

  const teamTargets = new Set<number>();
  const teamsByContact = new Map<number, number[]>();
  for (const team of teams)
    for (const contactId of idsOf(teamLinks.get(team.teamId) ?? [], 'contact')) {
      teamTargets.add(contactId);
      teamsByContact.set(contactId, [...(teamsByContact.get(contactId) ?? []), team.teamId]);
    }

  const relationshipOwnerRoles = new Map<number, number>();
  const membersByTeam = new Map<number, Set<number>>();
  for (const role of roles) {
    if (!isOpen(role) || role.ownerId === null || ownerMap.get(role.ownerId)?.archived !== false)
      continue;
    if (role.teamId !== null && activeTeams.has(role.teamId)) {
      const members = membersByTeam.get(role.teamId) ?? new Set<number>();
      members.add(role.ownerId);
      membersByTeam.set(role.teamId, members);
    }
    if (role.kind !== 'relationship_owner') continue;
    for (const contactId of idsOf(roleLinks.get(role.roleId) ?? [], 'contact'))
      relationshipOwnerRoles.set(contactId, (relationshipOwnerRoles.get(contactId) ?? 0) + 1);
  }

  return {
    ctx: { portalId, asOf, settings, owners: ownerMap, teamTargets, relationshipOwnerRoles },
    network: {
      teams: teams.map((t) => ({
        ...t,
        targetContacts: idsOf(teamLinks.get(t.teamId) ?? [], 'contact'),
        targetCompanies: idsOf(teamLinks.get(t.teamId) ?? [], 'company'),
      })),
      roles: roles.map((r) => ({
        ...r,
        targetContacts: idsOf(roleLinks.get(r.roleId) ?? [], 'contact'),
        targetCompanies: idsOf(roleLinks.get(r.roleId) ?? [], 'company'),
      })),
      activities: activities.map((a) => ({
        ...a,
        contactAttendees: idsOf(attendeeLinks.get(a.activityId) ?? [], 'contact').length,
        ownerAttendees: idsOf(attendeeLinks.get(a.activityId) ?? [], 'owner').length,
      })),
      owner: (id) => ownerMap.get(id),
      asOf,
    },
    teamMembersOf: (contactId) => [
      ...new Set(
        (teamsByContact.get(contactId) ?? []).flatMap((t) => [...(membersByTeam.get(t) ?? [])]),
      ),
    ],
  };
}
