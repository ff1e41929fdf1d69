import { sql } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import type { MirrorChangeRepository } from './mirror-change-repository.js';
import { targetingRecords } from './networking-rows.js';

/** Every change marks the contacts and companies it touched for the incremental recompute. */
export function withDirtyMarks(db: Db, repo: MirrorChangeRepository): MirrorChangeRepository {
  return {
    ...repo,
    async changeContact(portalId, contactId, change, occurredAt) {
      const outcome = await repo.changeContact(portalId, contactId, change, occurredAt);
      await markDirty(db, portalId, 'contact', [contactId]);
      return outcome;
    },
    async changeCompany(portalId, companyId, change, occurredAt) {
      const outcome = await repo.changeCompany(portalId, companyId, change, occurredAt);
      await markDirty(db, portalId, 'company', [companyId]);
      return outcome;
    },
    async setArchived(object, portalId, id, archived) {
      await repo.setArchived(object, portalId, id, archived);
      if (object !== 'deal') await markDirty(db, portalId, object, [id]);
    },
    async merge(object, portalId, survivorId, mergedIds) {
      const others = mergedIds.filter((id) => id !== survivorId);
      // Their places in teams, roles and activities move to the survivor: the network changes.
      const network = await targetingRecords(db, portalId, object, others);
      await repo.merge(object, portalId, survivorId, mergedIds);
      await markDirty(db, portalId, object, [survivorId, ...mergedIds]);
      for (const { kind, ids } of network) await markDirty(db, portalId, kind, ids);
      // The merged records' company links now hold the survivor: a merged company's contacts
      // count for another company now, a merged contact's companies count the survivor instead.
      const other = object === 'company' ? 'contact' : 'company';
      await markDirty(db, portalId, other, await linkedTo(db, portalId, object, survivorId));
    },
    async link(kind, portalId, fromId, toId, present) {
      await repo.link(kind, portalId, fromId, toId, present);
      if (kind === 'contact_company') {
        await markDirty(db, portalId, 'contact', [fromId]);
        await markDirty(db, portalId, 'company', [toId]);
      }
    },
    async purgeContact(portalId, contactId) {
      await repo.purgeContact(portalId, contactId);
      await markDirty(db, portalId, 'contact', [contactId]);
    },
  };
}

/** The other ends of a record's contact–company links: a contact's companies, a company's contacts. */
async function linkedTo(
  db: Db,
  portalId: PortalId,
  object: 'contact' | 'company',
  id: number,
): Promise<number[]> {
  const [own, other] =
    object === 'contact'
      ? (['contact_id', 'company_id'] as const)
      : (['company_id', 'contact_id'] as const);
  const rows = await db
    .selectFrom('contact_companies')
    .select(sql<number>`${sql.ref(other)}`.as('id'))
    .where('portal_id', '=', portalId)
    .where(own, '=', id)
    .execute();
  return rows.map((r) => Number(r.id));
}
