import type { Owner, PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { flag, isSet, type Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import { upsertRows } from './upsert-rows.js';

export interface OwnerRepository {
  upsertMany(portalId: PortalId, owners: readonly Owner[]): Promise<void>;
  get(portalId: PortalId, ownerId: number): Promise<Owner | undefined>;
  list(portalId: PortalId, options?: { includeArchived?: boolean }): Promise<Owner[]>;
  /** A deactivated HubSpot user: the owner stays, marked departed. */
  archiveByUserId(portalId: PortalId, userId: number, at: number): Promise<void>;
}

export function createOwnerRepository(db: Db): OwnerRepository {
  return {
    async upsertMany(portalId, owners) {
      await upsertRows(
        db,
        'owners',
        ['portal_id', 'owner_id'],
        owners.map((o) => toOwnerRow(portalId, o)),
      );
      await markDirty(
        db,
        portalId,
        'owner',
        owners.map((o) => o.ownerId),
      );
    },
    async get(portalId, ownerId) {
      const row = await db
        .selectFrom('owners')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('owner_id', '=', ownerId)
        .executeTakeFirst();
      return row && toOwner(row);
    },
    async archiveByUserId(portalId, userId, at) {
      const owners = await db
        .selectFrom('owners')
        .select('owner_id')
        .where('portal_id', '=', portalId)
        .where('user_id', '=', userId)
        .execute();
      await markDirty(
        db,
        portalId,
        'owner',
        owners.map((o) => Number(o.owner_id)),
      );
      await db
        .updateTable('owners')
        .set({ archived: 1, archived_at: at, updated_at: at })
        .where('portal_id', '=', portalId)
        .where('user_id', '=', userId)
        .where('archived', '=', 0)
        .execute();
    },
    async list(portalId, options = {}) {
      let query = db.selectFrom('owners').selectAll().where('portal_id', '=', portalId);
      if (!options.includeArchived) query = query.where('archived', '=', 0);
      return (await query.orderBy('owner_id').execute()).map(toOwner);
    },
  };
}

export function toOwnerRow(portalId: PortalId, o: Owner): Tables['owners'] {
  return {
    portal_id: portalId,
    owner_id: o.ownerId,
    user_id: o.userId,
    email: o.email,
    first_name: o.firstName,
    last_name: o.lastName,
    archived: flag(o.archived),
    archived_at: o.archivedAt,
    updated_at: o.updatedAt,
  };
}

function toOwner(row: Tables['owners']): Owner {
  return {
    ownerId: Number(row.owner_id),
    userId: row.user_id === null ? null : Number(row.user_id),
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    archived: isSet(row.archived),
    archivedAt: row.archived_at === null ? null : Number(row.archived_at),
    updatedAt: Number(row.updated_at),
  };
}
