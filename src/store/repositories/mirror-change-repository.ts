import type { Company, Contact, Deal, PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { phoneReadingColumns } from './contact-rows.js';
import { flag, type Db } from './db.js';
import {
  KEY,
  TABLE,
  companyChangeColumns,
  contactChangeColumns,
  dealChangeColumns,
} from './mirror-change-columns.js';
import { withDirtyMarks } from './mirror-change-marks.js';
import { phoneRegionOf } from './settings-repository.js';
import { mergeRecords } from './mirror-merge.js';
import { applyVersionedChange, type ChangeOutcome } from './versioned-change.js';

export type ContactChange = Partial<
  Omit<Contact, 'contactId' | 'phoneE164' | 'phoneRegion' | 'createdAt' | 'updatedAt'>
>;
export type CompanyChange = Partial<Omit<Company, 'companyId' | 'createdAt' | 'updatedAt'>>;
export type DealChange = Partial<Omit<Deal, 'dealId' | 'createdAt' | 'updatedAt'>>;
export type MirroredObject = 'contact' | 'company' | 'deal';
export type LinkKind = 'contact_company' | 'deal_contact' | 'deal_company';

/** Placeholder columns for a record first seen through a property change: everything newer wins. */
const PLACEHOLDER = (occurredAt: number) => ({ created_at: occurredAt, updated_at: 0 });

/** The changes webhook ingestion makes to the mirror, each idempotent and order-safe. */
export interface MirrorChangeRepository {
  changeContact(
    portalId: PortalId,
    contactId: number,
    change: ContactChange,
    occurredAt: number,
  ): Promise<ChangeOutcome>;
  changeCompany(
    portalId: PortalId,
    companyId: number,
    change: CompanyChange,
    occurredAt: number,
  ): Promise<ChangeOutcome>;
  changeDeal(
    portalId: PortalId,
    dealId: number,
    change: DealChange,
    occurredAt: number,
  ): Promise<ChangeOutcome>;
  setArchived(
    object: MirroredObject,
    portalId: PortalId,
    id: number,
    archived: boolean,
  ): Promise<void>;
  /** When the mirror last saw each record change (absent: not in the mirror); touches: 0 when present. */
  versions(
    object: MirroredObject | 'touch',
    portalId: PortalId,
    ids: readonly number[],
  ): Promise<Map<number, number>>;
  /** The merged records' links follow the survivor; the merged records are archived. */
  merge(
    object: 'contact' | 'company',
    portalId: PortalId,
    survivorId: number,
    mergedIds: readonly number[],
  ): Promise<void>;
  link(
    kind: LinkKind,
    portalId: PortalId,
    fromId: number,
    toId: number,
    present: boolean,
  ): Promise<void>;
  /** GDPR deletion: every personal field of the contact is erased and the record archived. */
  purgeContact(portalId: PortalId, contactId: number): Promise<void>;
}

export function createMirrorChangeRepository(db: Db, dialect: Dialect): MirrorChangeRepository {
  const linkTables = {
    contact_company: { table: 'contact_companies', from: 'contact_id', to: 'company_id' },
    deal_contact: { table: 'deal_contacts', from: 'deal_id', to: 'contact_id' },
    deal_company: { table: 'deal_companies', from: 'deal_id', to: 'company_id' },
  } as const;

  const repo: MirrorChangeRepository = {
    async versions(object, portalId, ids) {
      const out = new Map<number, number>();
      if (ids.length === 0) return out;
      if (object === 'touch') {
        const rows = await db
          .selectFrom('touches')
          .select('touch_id')
          .where('portal_id', '=', portalId)
          .where('touch_id', 'in', [...ids])
          .execute();
        for (const r of rows) out.set(Number(r.touch_id), 0);
        return out;
      }
      const rows = await (db as unknown as Db)
        .selectFrom(TABLE[object] as 'contacts')
        .select([KEY[object] as 'contact_id', 'updated_at'])
        .where('portal_id', '=', portalId)
        .where(KEY[object] as 'contact_id', 'in', [...ids])
        .execute();
      for (const r of rows as unknown as Record<string, number>[])
        out.set(Number(r[KEY[object]]), Number(r['updated_at']));
      return out;
    },
    async changeContact(portalId, contactId, change, occurredAt) {
      return applyVersionedChange(
        db,
        dialect,
        'contacts',
        portalId,
        contactId,
        await contactChangeColumns(change, () => phoneRegionOf(db, portalId)),
        occurredAt,
        PLACEHOLDER(occurredAt),
      );
    },
    changeCompany: (portalId, companyId, change, occurredAt) =>
      applyVersionedChange(
        db,
        dialect,
        'companies',
        portalId,
        companyId,
        companyChangeColumns(change),
        occurredAt,
        PLACEHOLDER(occurredAt),
      ),
    changeDeal: (portalId, dealId, change, occurredAt) =>
      applyVersionedChange(
        db,
        dialect,
        'deals',
        portalId,
        dealId,
        dealChangeColumns(change),
        occurredAt,
        { ...PLACEHOLDER(occurredAt), stage: '' },
      ),
    async setArchived(object, portalId, id, archived) {
      const table = TABLE[object];
      await db
        .updateTable(table)
        .set({ archived: flag(archived) })
        .where('portal_id', '=', portalId)
        .where(KEY[object] as never, '=', id as never)
        .execute();
    },
    merge: (object, portalId, survivorId, mergedIds) =>
      mergeRecords(db, object, portalId, survivorId, mergedIds),
    async link(kind, portalId, fromId, toId, present) {
      const { table, from, to } = linkTables[kind];
      if (present) {
        await db
          .insertInto(table)
          .values({
            portal_id: portalId,
            [from]: fromId,
            [to]: toId,
            ...(table === 'contact_companies' ? { is_primary: 0 } : {}),
          } as never)
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await db
          .deleteFrom(table)
          .where('portal_id', '=', portalId)
          .where(from as never, '=', fromId as never)
          .where(to as never, '=', toId as never)
          .execute();
      }
    },
    async purgeContact(portalId, contactId) {
      await db
        .updateTable('contacts')
        .set({
          email: null,
          email_normalized: null,
          first_name: null,
          last_name: null,
          phone: null,
          ...phoneReadingColumns(null, DEFAULT_SETTINGS.hygiene.phoneRegion),
          job_title: null,
          company_name: null,
          linkedin_url: null,
          archived: 1,
        })
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .execute();
    },
  };
  return withDirtyMarks(db, repo);
}
