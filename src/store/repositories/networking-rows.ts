/**
 * Networking records as rows: the rows the mirror writes for teams, roles and activities, the
 * tables linking each to its targets or attendees, and which of them target given records.
 */
import { sql } from 'kysely';
import type {
  NetworkingActivity,
  NetworkingRole,
  NetworkingTeam,
  PortalId,
} from '../../domain/types.js';
import type { Tables } from '../tables.js';
import type { Db } from './db.js';

export type LinkTable = 'team_targets' | 'role_targets' | 'activity_attendees';
export const KIND_LINKS = {
  team: 'team_targets',
  role: 'role_targets',
  activity: 'activity_attendees',
} as const;
export const KIND_OF = {
  team_targets: 'team',
  role_targets: 'role',
  activity_attendees: 'activity',
} as const;
export const LINK_KEY = {
  team_targets: 'team_id',
  role_targets: 'role_id',
  activity_attendees: 'activity_id',
} as const;

/**
 * The teams, roles and activities whose targets or attendees include any of these records: a
 * merge moves those to the survivor, which changes the network as a team's own change would.
 */
export async function targetingRecords(
  db: Db,
  portalId: PortalId,
  objectType: 'contact' | 'company',
  objectIds: readonly number[],
): Promise<{ kind: (typeof KIND_OF)[keyof typeof KIND_OF]; ids: number[] }[]> {
  if (objectIds.length === 0) return [];
  const out = [];
  for (const table of ['team_targets', 'role_targets', 'activity_attendees'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(sql<number>`${sql.ref(LINK_KEY[table])}`.as('id'))
      .distinct()
      .where('portal_id', '=', portalId)
      .where('object_type', '=', objectType)
      .where('object_id', 'in', [...objectIds])
      .execute();
    out.push({ kind: KIND_OF[table], ids: rows.map((r) => Number(r.id)) });
  }
  return out;
}

export function toTeamRow(portalId: PortalId, t: NetworkingTeam): Tables['networking_teams'] {
  return {
    portal_id: portalId,
    team_id: t.teamId,
    name: t.name,
    purpose: t.purpose,
    goal_id: t.goalId,
    created_at: t.createdAt,
    updated_at: t.createdAt,
    archived: 0,
  };
}

export function toRoleRow(portalId: PortalId, r: NetworkingRole): Tables['networking_roles'] {
  return {
    portal_id: portalId,
    role_id: r.roleId,
    team_id: r.teamId,
    owner_id: r.ownerId,
    kind: r.kind,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    updated_at: r.startsAt ?? 0,
    archived: 0,
  };
}

export function toActivityRow(
  portalId: PortalId,
  a: NetworkingActivity,
): Tables['networking_activities'] {
  return {
    portal_id: portalId,
    activity_id: a.activityId,
    name: a.name,
    kind: a.kind,
    team_id: a.teamId,
    starts_at: a.startsAt,
    ends_at: a.endsAt,
    cost: a.cost,
    updated_at: a.startsAt,
    archived: 0,
  };
}
