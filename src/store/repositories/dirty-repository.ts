import type { ObjectType, PortalId } from '../../domain/types.js';
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { chunks, type Db } from './db.js';

/** A record a webhook changed whose analytics are not yet recomputed. */
export interface DirtyMark {
  portalId: PortalId;
  objectType: ObjectType;
  objectId: number;
  /** Bumped whenever the record is marked again, so a mark taken before a newer change survives removal. */
  markedAt: number;
}

export interface DirtyRepository {
  /** Marks records in the caller's transaction: the change and its mark land together. */
  mark(portalId: PortalId, objectType: ObjectType, ids: readonly number[]): Promise<void>;
  /**
   * The oldest marks of one portal (the portal of the oldest mark when none is given). On
   * PostgreSQL the rows stay locked until the caller's transaction ends and other processes skip them.
   */
  take(limit: number, portalId?: PortalId): Promise<DirtyMark[]>;
  /** Removes marks that were not marked again since they were taken. */
  remove(marks: readonly DirtyMark[]): Promise<void>;
  /** A full run covers everything: it clears the portal's marks before it reads. */
  clear(portalId: PortalId): Promise<void>;
  count(portalId?: PortalId): Promise<number>;
}

export async function markDirty(
  db: Db,
  portalId: PortalId,
  objectType: ObjectType,
  ids: readonly number[],
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const at = Date.now();
  for (const chunk of chunks(unique, 1_000))
    await db
      .insertInto('dirty_records')
      .values(
        chunk.map((id) => ({
          portal_id: portalId,
          object_type: objectType,
          object_id: id,
          marked_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['portal_id', 'object_type', 'object_id']).doUpdateSet({
          // Strictly increasing even within one millisecond: a taken mark never hides a newer change.
          marked_at: sql<number>`case when excluded.marked_at > dirty_records.marked_at then excluded.marked_at else dirty_records.marked_at + 1 end`,
        }),
      )
      .execute();
}

export function createDirtyRepository(db: Db, dialect: Dialect): DirtyRepository {
  return {
    mark: (portalId, objectType, ids) => markDirty(db, portalId, objectType, ids),
    async take(limit, portalId) {
      // One statement: the oldest mark's portal is found by the query that takes its marks.
      const portal =
        portalId ??
        db.selectFrom('dirty_records').select('portal_id').orderBy('marked_at').limit(1);
      let query = db
        .selectFrom('dirty_records')
        .select(['portal_id', 'object_type', 'object_id', 'marked_at'])
        .where('portal_id', '=', portal)
        .orderBy('marked_at')
        .limit(limit);
      if (dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      return rows.map((r) => ({
        portalId: Number(r.portal_id),
        objectType: r.object_type as ObjectType,
        objectId: Number(r.object_id),
        markedAt: Number(r.marked_at),
      }));
    },
    async remove(marks) {
      // One statement per chunk of marks, each removed only if not marked again since it was taken.
      for (const chunk of chunks(marks, 200))
        await db
          .deleteFrom('dirty_records')
          .where((eb) =>
            eb.or(
              chunk.map((m) =>
                eb.and([
                  eb('portal_id', '=', m.portalId),
                  eb('object_type', '=', m.objectType),
                  eb('object_id', '=', m.objectId),
                  eb('marked_at', '<=', m.markedAt),
                ]),
              ),
            ),
          )
          .execute();
    },
    async clear(portalId) {
      await db.deleteFrom('dirty_records').where('portal_id', '=', portalId).execute();
    },
    async count(portalId) {
      let q = db.selectFrom('dirty_records').select((eb) => eb.fn.countAll<number>().as('n'));
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
  };
}
