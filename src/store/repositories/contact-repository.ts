import { sql } from 'kysely';
import { normalizeEmail } from '../../domain/normalize.js';
import type { Contact, PortalId } from '../../domain/types.js';
import { packContacts, type PackedContacts } from '../packed-contacts.js';
import { packLinkRows, type PackedLinks } from '../packed-links.js';
import {
  activeContactsQuery,
  CONTACT_COLUMNS,
  companyLinksInRangeQuery,
  companyLinksQuery,
  contactPageQuery,
  toCompanyLink,
  toContact,
  toContactRow,
  type CompanyLink,
} from './contact-rows.js';
import { chunks, flag, isSet, type Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import { phoneRegionOf } from './settings-repository.js';
import { upsertRows } from './upsert-rows.js';

export interface ContactRepository {
  upsertMany(portalId: PortalId, contacts: readonly Contact[]): Promise<void>;
  get(portalId: PortalId, contactId: number): Promise<Contact | undefined>;
  count(portalId: PortalId): Promise<number>;
  /** Keyset pagination in id order: constant cost per page at any portal size. */
  page(portalId: PortalId, afterId: number, limit: number): Promise<Contact[]>;
  /**
   * The same page packed as columns, for a full run's analysis (PostgreSQL reads it with a binary
   * COPY where the rows arrive: a million contacts make no objects on the main thread).
   */
  pagePacked(portalId: PortalId, afterId: number, limit: number): Promise<PackedContacts>;
  findByEmail(portalId: PortalId, email: string): Promise<Contact[]>;
  /** Company associations (many-to-many); `primary` mirrors HubSpot's primary company. */
  associateCompany(
    portalId: PortalId,
    contactId: number,
    companyId: number,
    primary: boolean,
  ): Promise<void>;
  /** Many contact–company links at once (a backfill's thousand contacts). */
  associateCompanies(
    portalId: PortalId,
    links: readonly { contactId: number; companyId: number; primary: boolean }[],
  ): Promise<void>;
  companiesOf(
    portalId: PortalId,
    contactId: number,
  ): Promise<{ companyId: number; primary: boolean }[]>;
  /** Active contacts among these ids, in id order. */
  getMany(portalId: PortalId, contactIds: readonly number[]): Promise<Contact[]>;
  /** Contact ids an owner owns (active contacts). */
  ownedBy(portalId: PortalId, ownerId: number): Promise<number[]>;
  /** Company links of these contacts (archived ones included: their companies need a recount). */
  companyLinksOf(portalId: PortalId, contactIds: readonly number[]): Promise<CompanyLink[]>;
  /** Company links of the contacts with ids in [from, to], packed (a full run's page's). */
  companyLinksInRange(portalId: PortalId, from: number, to: number): Promise<PackedLinks>;
}

export function createContactRepository(db: Db): ContactRepository {
  const page: ContactRepository['page'] = async (portalId, afterId, limit) => {
    const rows = await contactPageQuery(db, portalId, afterId, limit).execute();
    return rows.map(toContact);
  };
  const associateCompanies: ContactRepository['associateCompanies'] = async (portalId, links) => {
    await upsertRows(
      db,
      'contact_companies',
      ['portal_id', 'contact_id', 'company_id'],
      links.map((l) => ({
        portal_id: portalId,
        contact_id: l.contactId,
        company_id: l.companyId,
        is_primary: flag(l.primary),
      })),
    );
    await markDirty(
      db,
      portalId,
      'contact',
      links.map((l) => l.contactId),
    );
    await markDirty(
      db,
      portalId,
      'company',
      links.map((l) => l.companyId),
    );
  };
  return {
    async upsertMany(portalId, contacts) {
      const region = await phoneRegionOf(db, portalId);
      await upsertRows(
        db,
        'contacts',
        ['portal_id', 'contact_id'],
        contacts.map((c) => toContactRow(portalId, c, region)),
      );
      await markDirty(
        db,
        portalId,
        'contact',
        contacts.map((c) => c.contactId),
      );
    },
    async get(portalId, contactId) {
      const row = await db
        .selectFrom('contacts')
        .select(CONTACT_COLUMNS)
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .where('archived', '=', 0)
        .executeTakeFirst();
      return row && toContact(row);
    },
    async count(portalId) {
      const row = await db
        .selectFrom('contacts')
        .select(sql<number>`count(*)`.as('n'))
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    page,
    async pagePacked(portalId, afterId, limit) {
      return packContacts(await page(portalId, afterId, limit));
    },
    async findByEmail(portalId, email) {
      const rows = await db
        .selectFrom('contacts')
        .select(CONTACT_COLUMNS)
        .where('portal_id', '=', portalId)
        .where('email_normalized', '=', normalizeEmail(email))
        .where('archived', '=', 0)
        .orderBy('contact_id')
        .execute();
      return rows.map(toContact);
    },
    async associateCompany(portalId, contactId, companyId, primary) {
      await associateCompanies(portalId, [{ contactId, companyId, primary }]);
    },
    associateCompanies,
    async getMany(portalId, contactIds) {
      const out: Contact[] = [];
      for (const ids of chunks(contactIds, 1_000))
        out.push(...(await activeContactsQuery(db, portalId, ids).execute()).map(toContact));
      return out.sort((a, b) => a.contactId - b.contactId);
    },
    async ownedBy(portalId, ownerId) {
      const rows = await db
        .selectFrom('contacts')
        .select('contact_id')
        .where('portal_id', '=', portalId)
        .where('owner_id', '=', ownerId)
        .where('archived', '=', 0)
        .execute();
      return rows.map((r) => Number(r.contact_id));
    },
    async companyLinksOf(portalId, contactIds) {
      const out: CompanyLink[] = [];
      for (const ids of chunks(contactIds, 1_000))
        out.push(...(await companyLinksQuery(db, portalId, ids).execute()).map(toCompanyLink));
      return out;
    },
    async companyLinksInRange(portalId, from, to) {
      const rows = await companyLinksInRangeQuery(db, portalId, from, to).execute();
      return packLinkRows(rows.map((r) => [Number(r.contact_id), Number(r.company_id)]));
    },
    async companiesOf(portalId, contactId) {
      const rows = await db
        .selectFrom('contact_companies')
        .select(['company_id', 'is_primary'])
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .orderBy('company_id')
        .execute();
      return rows.map((r) => ({ companyId: Number(r.company_id), primary: isSet(r.is_primary) }));
    },
  };
}
