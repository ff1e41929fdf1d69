import type {
  ActivityKind,
  NetworkingActivity,
  NetworkingRole,
  NetworkingTeam,
  RoleKind,
} from '../domain/types.js';
import { ACTIVITY_KINDS, ROLE_KINDS } from '../domain/types.js';
import type { HubspotGateway } from '../hubspot/gateway.js';
import { linked, stamps, type FetchedWrite, type Reader } from './record-mapping.js';
import { parseHubspotInt as int, time } from './hubspot-fields.js';

/** The properties each of Rapport's custom objects is read with. */
export const NETWORKING_PROPERTIES = {
  networking_team: ['team_name', 'purpose', 'strategic_goal'],
  networking_role: ['role_kind', 'networker_owner_id', 'starts_on', 'ends_on'],
  networking_activity: ['activity_name', 'activity_kind', 'starts_on', 'ends_on', 'cost'],
};

/** Networking Teams, Roles and Activities with their targets, attendees and team. */
export async function fetchNetworking(
  type: 'networking_team' | 'networking_role' | 'networking_activity',
  wanted: string[],
  gateway: HubspotGateway,
  read: Reader,
): Promise<FetchedWrite> {
  const objectType = `p_${type}`;
  const properties = NETWORKING_PROPERTIES[type];
  const [records, contacts, companies, teams] = await Promise.all([
    read(objectType, properties),
    gateway.batchReadAssociations(objectType, 'contacts', wanted),
    gateway.batchReadAssociations(objectType, 'companies', wanted),
    type === 'networking_team'
      ? Promise.resolve(new Map<string, string[]>())
      : gateway.batchReadAssociations(objectType, 'p_networking_team', wanted),
  ]);
  const targets = (id: string) => [
    ...linked(contacts, id).map((objectId) => ({ objectType: 'contact' as const, objectId })),
    ...linked(companies, id).map((objectId) => ({ objectType: 'company' as const, objectId })),
  ];
  return async (repos, portalId) => {
    for (const o of records) {
      const p = o.properties;
      const { createdAt } = stamps(o);
      const teamId = linked(teams, o.id)[0] ?? null;
      if (type === 'networking_team') {
        const team: NetworkingTeam = {
          teamId: Number(o.id),
          name: p['team_name'] ?? `Team ${o.id}`,
          purpose: p['purpose'] ?? null,
          goalId: p['strategic_goal'] ?? null,
          createdAt,
        };
        await repos.networking.upsertTeam(portalId, team, targets(o.id));
      } else if (type === 'networking_role') {
        const kind = (ROLE_KINDS as readonly string[]).includes(p['role_kind'] ?? '')
          ? (p['role_kind'] as RoleKind)
          : 'networker';
        const role: NetworkingRole = {
          roleId: Number(o.id),
          teamId,
          ownerId: int(p['networker_owner_id']),
          kind,
          startsAt: time(p['starts_on']),
          endsAt: time(p['ends_on']),
        };
        await repos.networking.upsertRole(portalId, role, targets(o.id));
      } else {
        const kind = (ACTIVITY_KINDS as readonly string[]).includes(p['activity_kind'] ?? '')
          ? (p['activity_kind'] as ActivityKind)
          : 'event';
        const activity: NetworkingActivity = {
          activityId: Number(o.id),
          name: p['activity_name'] ?? `Activity ${o.id}`,
          kind,
          teamId,
          startsAt: time(p['starts_on']) ?? createdAt,
          endsAt: time(p['ends_on']),
          cost: p['cost'] ? Number(p['cost']) : null,
        };
        await repos.networking.upsertActivity(
          portalId,
          activity,
          targets(o.id).filter((t) => t.objectType === 'contact'),
        );
      }
    }
  };
}
