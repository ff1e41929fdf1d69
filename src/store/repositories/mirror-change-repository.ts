import { normalizeEmail } from '../../domain/normalize.js';
import type { Company, Contact, Deal, PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { phoneReadingColumns } from './contact-repository.js';
import { flag, type Db } from './db.js';
import { withDirtyMarks } from './mirror-change-marks.js';
import { applyVersionedChange, type ChangeOutcome } from './versioned-change.js';

export type ContactChange = Partial<
  Omit<Contact, 'contactId' | 'phoneE164' | 'createdAt' | 'updatedAt'>
>;
export type CompanyChange = Partial<Omit<Company, 'companyId' | 'createdAt' | 'updatedAt'>>;
export type DealChange = Partial<Omit<Deal, 'dealId' | 'createdAt' | 'updatedAt'>>;
export type MirroredObject = 'contact' | 'company' | 'deal';
export type LinkKind = 'contact_company' | 'deal_contact' | 'deal_company';

const CONTACT_COLUMNS: Record<keyof ContactChange, string> = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  jobTitle: 'job_title',
  companyName: 'company_name',
  linkedinUrl: 'linkedin_url',
  lifecycleStage: 'lifecycle_stage',
  ownerId: 'owner_id',
  primaryCompanyId: 'primary_company_id',
  isKeyStakeholder: 'is_key_stakeholder',
};
const COMPANY_COLUMNS: Record<keyof CompanyChange, string> = {
  name: 'name',
  domain: 'domain',
  industry: 'industry',
  ownerId: 'owner_id',
};
const DEAL_COLUMNS: Record<keyof DealChange, string> = {
  name: 'name',
  amount: 'amount',
  stage: 'stage',
  closed: 'closed',
  closedWon: 'closed_won',
  closeDate: 'close_date',
  ownerId: 'owner_id',
};
const TABLE = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
const KEY = { contact: 'contact_id', company: 'company_id', deal: 'deal_id' } as const;

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

function toColumns<T extends object>(
  change: T,
  mapping: Record<string, string>,
): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(change)) {
    const column = mapping[field];
    if (!column || value === undefined) continue;
    columns[column] = typeof value === 'boolean' ? flag(value) : value;
  }
  return columns;
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
    changeContact(portalId, contactId, change, occurredAt) {
      const columns = toColumns(change, CONTACT_COLUMNS);
      if ('email' in change) columns['email_normalized'] = normalizeEmail(change.email);
      if (change.phone !== undefined) Object.assign(columns, phoneReadingColumns(change.phone));
      return applyVersionedChange(
        db,
        dialect,
        'contacts',
        portalId,
        contactId,
        columns,
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
        toColumns(change, COMPANY_COLUMNS),
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
        toColumns(change, DEAL_COLUMNS),
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
    async merge(object, portalId, survivorId, mergedIds) {
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
    },
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
          ...phoneReadingColumns(null),
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
