import type { PortalId } from '../../domain/types.js';
import type { Db } from './db.js';
import { KEY, TABLE } from './mirror-change-columns.js';

/**
 * HubSpot merged `mergedIds` into `survivorId`: their touches, company and deal links and their
 * places in teams, roles and activities follow the survivor (a link the survivor already has is
 * dropped, not doubled), and the merged records are archived.
 */
export async function mergeRecords(
  db: Db,
  object: 'contact' | 'company',
  portalId: PortalId,
  survivorId: number,
  mergedIds: readonly number[],
): Promise<void> {
  const others = mergedIds.filter((id) => id !== survivorId);
  if (others.length === 0) return;
  const moves: [string, string][] =
    object === 'contact'
      ? [
          ['touch_contacts', 'contact_id'],
          ['contact_companies', 'contact_id'],
          ['deal_contacts', 'contact_id'],
        ]
      : [
          ['touch_companies', 'company_id'],
          ['contact_companies', 'company_id'],
          ['deal_companies', 'company_id'],
        ];
  for (const [table, column] of moves) {
    // Re-point links to the survivor; where the survivor already has the same link, drop the duplicate.
    const rows = await db
      .selectFrom(table as 'touch_contacts')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where(column as 'contact_id', 'in', others)
      .execute();
    for (const row of rows as Record<string, unknown>[]) {
      const moved = { ...row, [column]: survivorId };
      await db
        .insertInto(table as 'touch_contacts')
        .values(moved as never)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await db
      .deleteFrom(table as 'touch_contacts')
      .where('portal_id', '=', portalId)
      .where(column as 'contact_id', 'in', others)
      .execute();
  }
  for (const [table, column] of [
    ['team_targets', 'object_id'],
    ['role_targets', 'object_id'],
    ['activity_attendees', 'object_id'],
  ] as const) {
    const rows = await db
      .selectFrom(table)
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('object_type', '=', object)
      .where(column, 'in', others)
      .execute();
    for (const row of rows)
      await db
        .insertInto(table)
        .values({ ...row, object_id: survivorId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    await db
      .deleteFrom(table)
      .where('portal_id', '=', portalId)
      .where('object_type', '=', object)
      .where(column, 'in', others)
      .execute();
  }
  await db
    .updateTable(TABLE[object])
    .set({ archived: 1 })
    .where('portal_id', '=', portalId)
    .where(KEY[object] as never, 'in', others as never)
    .execute();
}
