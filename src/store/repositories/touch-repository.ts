import { sql } from 'kysely';
import type { PortalId, Touch, TouchType } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { chunks, numOrNull, parseJson, type Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import { createTouchReads, type ContactTouch, type TouchReads } from './touch-reads.js';
import { upsertRows } from './upsert-rows.js';

export type { ContactTouch, TouchStat } from './touch-reads.js';

export interface TouchRepository extends TouchReads {
  upsert(
    portalId: PortalId,
    touch: Touch,
    links: { contactIds: number[]; companyIds: number[] },
  ): Promise<void>;
  /** Many touches at once (a backfill's thousand): the same rows, a few statements in all. */
  upsertMany(
    portalId: PortalId,
    items: readonly {
      touch: Touch;
      contactIds: readonly number[];
      companyIds: readonly number[];
    }[],
  ): Promise<void>;
  remove(portalId: PortalId, touchId: number): Promise<void>;
  forContact(portalId: PortalId, contactId: number): Promise<ContactTouch[]>;
  count(portalId: PortalId): Promise<number>;
}

export function createTouchRepository(db: Db): TouchRepository {
  return {
    ...createTouchReads(db),
    async upsert(portalId, touch, { contactIds, companyIds }) {
      const before = await deleteLinks(db, portalId, touch.touchId);
      await markDirty(db, portalId, 'contact', [...before.contactIds, ...contactIds]);
      await markDirty(db, portalId, 'company', [...before.companyIds, ...companyIds]);
      await markDirty(db, portalId, 'touch', [touch.touchId]);
      await upsertRows(
        db,
        'touches',
        ['portal_id', 'touch_id'],
        [toTouchRow(portalId, touch, contactIds, companyIds)],
      );
      await upsertRows(
        db,
        'touch_contacts',
        ['portal_id', 'contact_id', 'touch_id'],
        contactIds.map((contactId) => toTouchContactRow(portalId, touch, contactId)),
      );
      await upsertRows(
        db,
        'touch_companies',
        ['portal_id', 'company_id', 'touch_id'],
        companyIds.map((company_id) => ({
          portal_id: portalId,
          company_id,
          touch_id: touch.touchId,
        })),
      );
    },
    async upsertMany(portalId, items) {
      if (items.length === 0) return;
      const ids = items.map((i) => i.touch.touchId);
      // Touches seen before lose their old links first (a fresh backfill finds none).
      const known = new Set<number>();
      for (const chunk of chunks(ids, 1_000))
        for (const r of await db
          .selectFrom('touches')
          .select('touch_id')
          .where('portal_id', '=', portalId)
          .where('touch_id', 'in', chunk)
          .execute())
          known.add(Number(r.touch_id));
      const before = { contactIds: [] as number[], companyIds: [] as number[] };
      for (const id of known) {
        const old = await deleteLinks(db, portalId, id);
        before.contactIds.push(...old.contactIds);
        before.companyIds.push(...old.companyIds);
      }
      await markDirty(db, portalId, 'contact', [
        ...before.contactIds,
        ...items.flatMap((i) => i.contactIds),
      ]);
      await markDirty(db, portalId, 'company', [
        ...before.companyIds,
        ...items.flatMap((i) => i.companyIds),
      ]);
      await markDirty(db, portalId, 'touch', ids);
      await upsertRows(
        db,
        'touches',
        ['portal_id', 'touch_id'],
        items.map((i) => toTouchRow(portalId, i.touch, i.contactIds, i.companyIds)),
      );
      await upsertRows(
        db,
        'touch_contacts',
        ['portal_id', 'contact_id', 'touch_id'],
        items.flatMap((i) => i.contactIds.map((c) => toTouchContactRow(portalId, i.touch, c))),
      );
      await upsertRows(
        db,
        'touch_companies',
        ['portal_id', 'company_id', 'touch_id'],
        items.flatMap((i) =>
          i.companyIds.map((company_id) => ({
            portal_id: portalId,
            company_id,
            touch_id: i.touch.touchId,
          })),
        ),
      );
    },
    async remove(portalId, touchId) {
      const before = await deleteLinks(db, portalId, touchId);
      await markDirty(db, portalId, 'contact', before.contactIds);
      await markDirty(db, portalId, 'company', before.companyIds);
      await markDirty(db, portalId, 'touch', [touchId]);
      await db
        .deleteFrom('touches')
        .where('portal_id', '=', portalId)
        .where('touch_id', '=', touchId)
        .execute();
    },
    async forContact(portalId, contactId) {
      const rows = await db
        .selectFrom('touch_contacts')
        .select(['touch_id', 'owner_id', 'type', 'occurred_at'])
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .orderBy('occurred_at')
        .orderBy('touch_id')
        .execute();
      return rows.map((r) => ({
        touchId: Number(r.touch_id),
        ownerId: numOrNull(r.owner_id),
        type: r.type as TouchType,
        occurredAt: Number(r.occurred_at),
      }));
    },
    async count(portalId) {
      const row = await db
        .selectFrom('touches')
        .select(sql<number>`count(*)`.as('n'))
        .where('portal_id', '=', portalId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** Removes a touch's link rows by primary key, using the id lists the touch row carries. */
async function deleteLinks(
  db: Db,
  portalId: PortalId,
  touchId: number,
): Promise<{ contactIds: number[]; companyIds: number[] }> {
  const row = await db
    .selectFrom('touches')
    .select(['contact_ids', 'company_ids'])
    .where('portal_id', '=', portalId)
    .where('touch_id', '=', touchId)
    .executeTakeFirst();
  if (!row) return { contactIds: [], companyIds: [] };
  const links = [
    {
      table: 'touch_contacts',
      column: 'contact_id',
      ids: parseJson<number[]>(row.contact_ids, []),
    },
    {
      table: 'touch_companies',
      column: 'company_id',
      ids: parseJson<number[]>(row.company_ids, []),
    },
  ] as const;
  for (const { table, column, ids } of links) {
    if (ids.length === 0) continue;
    await db
      .deleteFrom(table)
      .where('portal_id', '=', portalId)
      .where(column as 'contact_id', 'in', ids)
      .where('touch_id', '=', touchId)
      .execute();
  }
  return { contactIds: links[0].ids, companyIds: links[1].ids };
}

export function toTouchRow(
  portalId: PortalId,
  t: Touch,
  contactIds: readonly number[],
  companyIds: readonly number[],
): Tables['touches'] {
  return {
    portal_id: portalId,
    touch_id: t.touchId,
    type: t.type,
    occurred_at: t.occurredAt,
    logged_at: t.loggedAt,
    owner_id: t.ownerId,
    contact_ids: JSON.stringify(contactIds),
    company_ids: JSON.stringify(companyIds),
  };
}

export function toTouchContactRow(
  portalId: PortalId,
  t: Touch,
  contactId: number,
): Tables['touch_contacts'] {
  return {
    portal_id: portalId,
    contact_id: contactId,
    touch_id: t.touchId,
    owner_id: t.ownerId,
    type: t.type,
    occurred_at: t.occurredAt,
  };
}
