import type {
  ActivityKind,
  NetworkingActivity,
  NetworkingRole,
  NetworkingTeam,
  PortalId,
  RoleKind,
} from '../../domain/types.js';
import { numOrNull, type Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import {
  KIND_LINKS,
  KIND_OF,
  LINK_KEY,
  toActivityRow,
  toRoleRow,
  toTeamRow,
  type LinkTable,
} from './networking-rows.js';
import { upsertRows } from './upsert-rows.js';

export interface Target {
  objectType: 'contact' | 'company' | 'owner';
  objectId: number;
}

export interface NetworkingRepository {
  upsertTeam(portalId: PortalId, team: NetworkingTeam, targets: readonly Target[]): Promise<void>;
  upsertRole(portalId: PortalId, role: NetworkingRole, targets: readonly Target[]): Promise<void>;
  upsertActivity(
    portalId: PortalId,
    activity: NetworkingActivity,
    attendees: readonly Target[],
  ): Promise<void>;
  teams(portalId: PortalId): Promise<NetworkingTeam[]>;
  roles(portalId: PortalId, filter?: { teamId?: number }): Promise<NetworkingRole[]>;
  activities(portalId: PortalId): Promise<NetworkingActivity[]>;
  teamTargets(portalId: PortalId, teamId: number): Promise<Target[]>;
  roleTargets(portalId: PortalId, roleId: number): Promise<Target[]>;
  attendees(portalId: PortalId, activityId: number): Promise<Target[]>;
  archive(kind: 'team' | 'role' | 'activity', portalId: PortalId, id: number): Promise<void>;
  /** Every link of one kind in the portal, by team, role or activity id: the audit's network view. */
  allLinks(portalId: PortalId, kind: 'team' | 'role' | 'activity'): Promise<Map<number, Target[]>>;
}

export function createNetworkingRepository(db: Db): NetworkingRepository {
  async function replaceLinks(
    table: LinkTable,
    portalId: PortalId,
    id: number,
    targets: readonly Target[],
  ) {
    const key = LINK_KEY[table];
    // Targets decide who is a key stakeholder: contacts leaving or joining a team are recomputed.
    const before = await links(table, portalId, id);
    await markDirty(db, portalId, KIND_OF[table], [id]);
    await markDirty(
      db,
      portalId,
      'contact',
      [...before, ...targets].filter((t) => t.objectType === 'contact').map((t) => t.objectId),
    );
    await db.deleteFrom(table).where('portal_id', '=', portalId).where(key, '=', id).execute();
    const rows = targets.map((t) => ({
      portal_id: portalId,
      [key]: id,
      object_type: t.objectType,
      object_id: t.objectId,
    }));
    await upsertRows(
      db,
      table,
      ['portal_id', key, 'object_type', 'object_id'] as never,
      rows as never,
    );
  }
  async function links(table: LinkTable, portalId: PortalId, id: number): Promise<Target[]> {
    const rows = await db
      .selectFrom(table)
      .select(['object_type', 'object_id'])
      .where('portal_id', '=', portalId)
      .where(LINK_KEY[table], '=', id)
      .orderBy('object_type')
      .orderBy('object_id')
      .execute();
    return rows.map((r) => ({
      objectType: r.object_type as Target['objectType'],
      objectId: Number(r.object_id),
    }));
  }

  return {
    async upsertTeam(portalId, team, targets) {
      await upsertRows(
        db,
        'networking_teams',
        ['portal_id', 'team_id'],
        [toTeamRow(portalId, team)],
      );
      await replaceLinks('team_targets', portalId, team.teamId, targets);
    },
    async upsertRole(portalId, role, targets) {
      await upsertRows(
        db,
        'networking_roles',
        ['portal_id', 'role_id'],
        [toRoleRow(portalId, role)],
      );
      await replaceLinks('role_targets', portalId, role.roleId, targets);
    },
    async upsertActivity(portalId, activity, attendees) {
      await upsertRows(
        db,
        'networking_activities',
        ['portal_id', 'activity_id'],
        [toActivityRow(portalId, activity)],
      );
      await replaceLinks('activity_attendees', portalId, activity.activityId, attendees);
    },
    async allLinks(portalId, kind) {
      const table = KIND_LINKS[kind];
      const key = LINK_KEY[table];
      const rows = await db
        .selectFrom(table)
        .select([key, 'object_type', 'object_id'] as never)
        .where('portal_id', '=', portalId)
        .execute();
      const out = new Map<number, Target[]>();
      for (const row of rows as unknown as Record<string, unknown>[]) {
        const id = Number(row[key]);
        const list = out.get(id) ?? [];
        list.push({
          objectType: row['object_type'] as Target['objectType'],
          objectId: Number(row['object_id']),
        });
        out.set(id, list);
      }
      for (const list of out.values())
        list.sort((a, b) => a.objectType.localeCompare(b.objectType) || a.objectId - b.objectId);
      return out;
    },
    async teams(portalId) {
      const rows = await db
        .selectFrom('networking_teams')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .orderBy('team_id')
        .execute();
      return rows.map((r) => ({
        teamId: Number(r.team_id),
        name: r.name,
        purpose: r.purpose,
        goalId: r.goal_id,
        createdAt: Number(r.created_at),
      }));
    },
    async roles(portalId, filter = {}) {
      let query = db
        .selectFrom('networking_roles')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0);
      if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
      const rows = await query.orderBy('role_id').execute();
      return rows.map((r) => ({
        roleId: Number(r.role_id),
        teamId: numOrNull(r.team_id),
        ownerId: numOrNull(r.owner_id),
        kind: r.kind as RoleKind,
        startsAt: numOrNull(r.starts_at),
        endsAt: numOrNull(r.ends_at),
      }));
    },
    async activities(portalId) {
      const rows = await db
        .selectFrom('networking_activities')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .orderBy('activity_id')
        .execute();
      return rows.map((r) => ({
        activityId: Number(r.activity_id),
        name: r.name,
        kind: r.kind as ActivityKind,
        teamId: numOrNull(r.team_id),
        startsAt: Number(r.starts_at),
        endsAt: numOrNull(r.ends_at),
        cost: r.cost === null ? null : Number(r.cost),
      }));
    },
    async archive(kind, portalId, id) {
      const [table, key] = (
        {
          team: ['networking_teams', 'team_id'],
          role: ['networking_roles', 'role_id'],
          activity: ['networking_activities', 'activity_id'],
        } as const
      )[kind];
      const linkTable = KIND_LINKS[kind];
      const targets = await links(linkTable, portalId, id);
      await markDirty(db, portalId, kind, [id]);
      await markDirty(
        db,
        portalId,
        'contact',
        targets.filter((t) => t.objectType === 'contact').map((t) => t.objectId),
      );
      await db
        .updateTable(table)
        .set({ archived: 1 })
        .where('portal_id', '=', portalId)
        .where(key as never, '=', id as never)
        .execute();
    },
    teamTargets: (portalId, teamId) => links('team_targets', portalId, teamId),
    roleTargets: (portalId, roleId) => links('role_targets', portalId, roleId),
    attendees: (portalId, activityId) => links('activity_attendees', portalId, activityId),
  };
}
