/**
 * A contact's row: how it is written (with its phone reading), the columns it is read from, and
 * the queries the recompute shares with the repository.
 */
import type { CountryCode } from 'libphonenumber-js';
import { phoneE164, regionFreePhoneE164 } from '../../domain/contact-keys.js';
import { normalizeEmail } from '../../domain/normalize.js';
import type { Contact, PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { flag, isSet, numOrNull, type Db } from './db.js';

export interface CompanyLink {
  contactId: number;
  companyId: number;
}

/**
 * A contact's row; its number read with `phoneRegion`, the portal's region (`hygiene.phoneRegion`)
 * as the row is written.
 */
export function toContactRow(
  portalId: PortalId,
  c: Contact,
  phoneRegion: CountryCode,
): Tables['contacts'] {
  return {
    portal_id: portalId,
    contact_id: c.contactId,
    email: c.email,
    email_normalized: normalizeEmail(c.email),
    first_name: c.firstName,
    last_name: c.lastName,
    phone: c.phone,
    ...phoneReadingColumns(c.phone, phoneRegion),
    job_title: c.jobTitle,
    company_name: c.companyName,
    linkedin_url: c.linkedinUrl,
    lifecycle_stage: c.lifecycleStage,
    owner_id: c.ownerId,
    primary_company_id: c.primaryCompanyId,
    is_key_stakeholder: flag(c.isKeyStakeholder),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    archived: 0,
    prop_versions: '{}',
  };
}

/**
 * The stored reading of a contact's number, written with it whenever it changes: an audit reads a
 * million numbers every night, and parsing them is a large part of a contact's analysis. A
 * national number is read with `region` and keeps it, so that the audit can tell whether the
 * portal's region is still the one it was read with.
 */
export function phoneReadingColumns(
  phone: string | null,
  region: CountryCode,
): Pick<Tables['contacts'], 'phone_e164' | 'phone_read' | 'phone_region'> {
  const free = regionFreePhoneE164(phone);
  return free === undefined
    ? { phone_e164: phoneE164(phone, region), phone_read: 1, phone_region: region }
    : { phone_e164: free, phone_read: 1, phone_region: null };
}

/**
 * The columns a `Contact` is read from, and all any read of contacts selects: a full audit reads
 * every contact, and the rest of the row (its property versions, the normalized email) is the
 * mirror's own business (1M rows on PostgreSQL: 7.6–8.2 s with every column, 5.8–5.9 s with these).
 */
export const CONTACT_COLUMNS = [
  'contact_id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'phone_e164',
  'phone_read',
  'phone_region',
  'job_title',
  'company_name',
  'linkedin_url',
  'lifecycle_stage',
  'owner_id',
  'primary_company_id',
  'is_key_stakeholder',
  'created_at',
  'updated_at',
] as const;

type ContactColumn = (typeof CONTACT_COLUMNS)[number];
const columnAt = (column: ContactColumn): number => CONTACT_COLUMNS.indexOf(column);

/**
 * Where a row of CONTACT_COLUMNS holds each field of PackedContacts, for PostgreSQL's binary COPY,
 * which packs rows as they arrive: its numbers in CONTACT_NUMBERS order, its texts in
 * CONTACT_TEXTS order.
 */
export const CONTACT_ROW_LAYOUT = {
  numbers: (
    ['contact_id', 'owner_id', 'primary_company_id', 'created_at', 'updated_at'] as const
  ).map(columnAt),
  texts: (
    [
      'email',
      'first_name',
      'last_name',
      'phone',
      'phone_e164',
      'job_title',
      'company_name',
      'linkedin_url',
      'lifecycle_stage',
      'phone_region',
    ] as const
  ).map(columnAt),
  keyStakeholder: columnAt('is_key_stakeholder'),
  phoneRead: columnAt('phone_read'),
};

/** A keyset page of active contacts, in id order. */
export function contactPageQuery(db: Db, portalId: PortalId, afterId: number, limit: number) {
  return db
    .selectFrom('contacts')
    .select(CONTACT_COLUMNS)
    .where('portal_id', '=', portalId)
    .where('contact_id', '>', afterId)
    .where('archived', '=', 0)
    .orderBy('contact_id')
    .limit(limit);
}

/** The active contacts among `ids` (at most a chunk of them), in id order. */
export function activeContactsQuery(db: Db, portalId: PortalId, ids: readonly number[]) {
  return db
    .selectFrom('contacts')
    .select(CONTACT_COLUMNS)
    .where('portal_id', '=', portalId)
    .where('contact_id', 'in', [...ids])
    .where('archived', '=', 0)
    .orderBy('contact_id');
}

/** The company links of the contacts with ids in [from, to], archived ones included. */
export function companyLinksInRangeQuery(db: Db, portalId: PortalId, from: number, to: number) {
  return db
    .selectFrom('contact_companies')
    .select(['contact_id', 'company_id'])
    .where('portal_id', '=', portalId)
    .where('contact_id', '>=', from)
    .where('contact_id', '<=', to);
}

/** The company links of contacts (archived ones included: their companies need a recount). */
export function companyLinksQuery(db: Db, portalId: PortalId, contactIds: readonly number[]) {
  return db
    .selectFrom('contact_companies')
    .select(['contact_id', 'company_id'])
    .where('portal_id', '=', portalId)
    .where('contact_id', 'in', [...contactIds]);
}

export const toCompanyLink = (r: { contact_id: number; company_id: number }): CompanyLink => ({
  contactId: Number(r.contact_id),
  companyId: Number(r.company_id),
});

export function toContact(
  row: Pick<Tables['contacts'], (typeof CONTACT_COLUMNS)[number]>,
): Contact {
  return {
    contactId: Number(row.contact_id),
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    phoneE164: isSet(row.phone_read) ? row.phone_e164 : undefined,
    phoneRegion: isSet(row.phone_read) ? row.phone_region : undefined,
    jobTitle: row.job_title,
    companyName: row.company_name,
    linkedinUrl: row.linkedin_url,
    lifecycleStage: row.lifecycle_stage,
    ownerId: numOrNull(row.owner_id),
    primaryCompanyId: numOrNull(row.primary_company_id),
    isKeyStakeholder: isSet(row.is_key_stakeholder),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
