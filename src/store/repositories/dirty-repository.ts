import type { ObjectType, PortalId } from '../../domain/types.js';
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { chunks, type Db } from './db.js';
import { statementTemplate } from './statement-template.js';

/** A record a webhook changed whose analytics are not yet recomputed. */
export interface DirtyMark {
  portalId: PortalId;
  objectType: ObjectType;
  objectId: number;
  /** When the record was first marked since its last recompute: marks are taken oldest first. */
  markedAt: number;
}

export interface DirtyRepository {
  /** Marks records in the caller's transaction: the change and its mark land together. */
  mark(portalId: PortalId, objectType: ObjectType, ids: readonly number[]): Promise<void>;
  /**
   * Takes (removes and returns) the oldest marks of one portal, the portal of the oldest mark when
   * none is given, oldest first. Taken in the caller's transaction: a rollback puts them back, and
   * marking a taken record again waits for the commit (PostgreSQL's row lock, SQLite's single
   * writer) and leaves a new mark. Other processes skip the rows being taken. `more`: whether
   * other marks (of `portalId` when given) existed as these were taken.
   */
  take(limit: number, portalId?: PortalId): Promise<{ marks: DirtyMark[]; more: boolean }>;
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
      // A record already marked keeps its place in the queue: its recompute reads it as it is then.
      .onConflict((oc) => oc.columns(['portal_id', 'object_type', 'object_id']).doNothing())
      .execute();
}

export interface TakeInput {
  limit: number;
  /** `limit + 1`: a template's numbers are bound, never computed with. */
  sample: number;
  portalId?: PortalId | undefined;
}

interface TakenRow {
  portal_id: number;
  object_type: string;
  object_id: number;
  marked_at: number;
}

/** The removal of the oldest marks, returning them. */
function removal(db: Db, dialect: Dialect, { limit, portalId }: TakeInput) {
  // One statement takes and removes: the oldest mark's portal is found by the query that picks
  // its marks, and no second statement removes them at the end of the batch.
  const portal =
    portalId ?? db.selectFrom('dirty_records').select('portal_id').orderBy('marked_at').limit(1);
  let oldest = db
    .selectFrom('dirty_records')
    .select(['portal_id', 'object_type', 'object_id'])
    .where('portal_id', '=', portal)
    .orderBy('marked_at')
    .limit(limit);
  if (dialect === 'postgres') oldest = oldest.forUpdate().skipLocked();
  return db
    .deleteFrom('dirty_records')
    .where((eb) =>
      eb(
        eb.refTuple('portal_id', 'object_type', 'object_id'),
        'in',
        oldest.$asTuple('portal_id', 'object_type', 'object_id'),
      ),
    )
    .returning(['portal_id', 'object_type', 'object_id', 'marked_at']);
}

/** Whether marks beyond these exist: up to limit + 1 of them counted, never the whole backlog. */
function present(db: Db, { sample: limit, portalId }: TakeInput) {
  let sample = db
    .selectFrom('dirty_records')
    .select(sql<number>`1`.as('one'))
    .limit(limit);
  if (portalId !== undefined) sample = sample.where('portal_id', '=', portalId);
  return db.selectFrom(sample.as('s')).select((eb) => eb.fn.countAll<number>().as('n'));
}

export const takeMarks = statementTemplate((db: Db, of: TakeInput, dialect) =>
  removal(db, dialect, of),
);
export const countPresent = statementTemplate((db: Db, of: TakeInput) => present(db, of));
/**
 * On PostgreSQL the count shares the removal's statement (and sees the rows before it): the drain
 * learns whether to go on without a round trip of its own.
 */
export const takeWithCount = statementTemplate((db: Db, of: TakeInput, dialect) =>
  db
    .with('taken', () => removal(db, dialect, of))
    .selectFrom('taken')
    .selectAll()
    .select(() => present(db, of).as('present')),
);

export function createDirtyRepository(db: Db, dialect: Dialect): DirtyRepository {
  return {
    mark: (portalId, objectType, ids) => markDirty(db, portalId, objectType, ids),
    async take(limit, portalId) {
      const of = { limit, sample: limit + 1, portalId };
      let rows: TakenRow[];
      let counted: number;
      if (dialect === 'postgres') {
        const taken = await takeWithCount.rows(db, dialect, of);
        rows = taken;
        counted = Number(taken[0]?.present ?? 0);
      } else {
        rows = await takeMarks.rows(db, dialect, of);
        const [present] = await countPresent.rows(db, dialect, of);
        counted = rows.length + Number(present?.n ?? 0);
      }
      const marks = rows
        .map((r) => ({
          portalId: Number(r.portal_id),
          objectType: r.object_type as ObjectType,
          objectId: Number(r.object_id),
          markedAt: Number(r.marked_at),
        }))
        .sort((x, y) => x.markedAt - y.markedAt || x.objectId - y.objectId);
      return { marks, more: counted > marks.length };
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
