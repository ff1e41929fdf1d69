import { sql } from 'kysely';
import type { Portal, PortalId, PortalSource } from '../../domain/types.js';
import type { Db } from './db.js';

export interface PortalStats {
  contacts: number;
  companies: number;
  deals: number;
  touches: number;
  owners: number;
  departedOwners: number;
  teams: number;
  roles: number;
  activities: number;
}

export interface PortalRepository {
  upsert(portal: Portal): Promise<void>;
  get(portalId: PortalId): Promise<Portal | undefined>;
  list(): Promise<Portal[]>;
  stats(portalId: PortalId): Promise<PortalStats>;
}

export function createPortalRepository(db: Db): PortalRepository {
  return {
    async upsert(portal) {
      const row = {
        portal_id: portal.portalId,
        name: portal.name,
        source: portal.source,
        created_at: portal.createdAt,
      };
      await db
        .insertInto('portals')
        .values(row)
        .onConflict((oc) =>
          oc.column('portal_id').doUpdateSet({ name: row.name, source: row.source }),
        )
        .execute();
    },
    async get(portalId) {
      const row = await db
        .selectFrom('portals')
        .selectAll()
        .where('portal_id', '=', portalId)
        .executeTakeFirst();
      return row && toPortal(row);
    },
    async list() {
      const rows = await db.selectFrom('portals').selectAll().orderBy('portal_id').execute();
      return rows.map(toPortal);
    },
    async stats(portalId) {
      const count = (
        table:
          | 'contacts'
          | 'companies'
          | 'deals'
          | 'networking_teams'
          | 'networking_roles'
          | 'networking_activities',
      ) =>
        db
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .where('portal_id', '=', portalId)
          .where('archived', '=', 0)
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      const [contacts, companies, deals, teams, roles, activities, touches, owners] =
        await Promise.all([
          count('contacts'),
          count('companies'),
          count('deals'),
          count('networking_teams'),
          count('networking_roles'),
          count('networking_activities'),
          db
            .selectFrom('touches')
            .select(sql<number>`count(*)`.as('n'))
            .where('portal_id', '=', portalId)
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n)),
          db
            .selectFrom('owners')
            .select([sql<number>`count(*)`.as('all'), sql<number>`sum(archived)`.as('archived')])
            .where('portal_id', '=', portalId)
            .executeTakeFirstOrThrow(),
        ]);
      return {
        contacts,
        companies,
        deals,
        touches,
        teams,
        roles,
        activities,
        owners: Number(owners.all),
        departedOwners: Number(owners.archived ?? 0),
      };
    },
  };
}

function toPortal(row: {
  portal_id: number;
  name: string;
  source: string;
  created_at: number;
}): Portal {
  return {
    portalId: Number(row.portal_id),
    name: row.name,
    source: row.source as PortalSource,
    createdAt: Number(row.created_at),
  };
}
