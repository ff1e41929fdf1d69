/**
 * What a recompute reads to bring a company's insight up to date: the stored tallies it swaps its
 * contacts' parts in, those contacts' parts as stored, and, for a company it must recount, every
 * live contact's part.
 */
import type { CompanyContact, CompanyInsight } from '../../domain/company-insight.js';
import type { PortalId } from '../../domain/types.js';
import { numOrNull, type Db } from './db.js';
import { ownerIdList, toStoredTally } from './insight-rows.js';

/** What a company's tally needs of one of its live contacts (one with an insight). */
export interface CompanyMember extends CompanyContact {
  companyId: number;
}

const TALLY_COLUMNS = [
  'contact_id',
  'threads',
  'max_score',
  'strongest_active_owner_id',
  'strong_owner_ids',
] as const;

/** The companies these contacts are linked to. */
const linkedCompanies = (db: Db, portalId: PortalId, contactIds: readonly number[]) =>
  db
    .selectFrom('contact_companies as own')
    .select('own.company_id')
    .where('own.portal_id', '=', portalId)
    .where('own.contact_id', 'in', [...contactIds]);

/** The stored insights of the companies these contacts are linked to (see `toStoredTally`). */
export const storedTalliesQuery = (db: Db, portalId: PortalId, contactIds: readonly number[]) =>
  db
    .selectFrom('company_insights')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('company_id', 'in', linkedCompanies(db, portalId, contactIds));

/**
 * Those of the companies these contacts are linked to that are marked for a recompute of their
 * own: a contact has joined or left them since their tally, so only a recount is right.
 */
export const markedCompaniesQuery = (db: Db, portalId: PortalId, contactIds: readonly number[]) =>
  db
    .selectFrom('dirty_records')
    .select('object_id')
    .where('portal_id', '=', portalId)
    .where('object_type', '=', 'company')
    .where('object_id', 'in', linkedCompanies(db, portalId, contactIds));

/** These contacts' parts in their companies' tallies, as stored. */
export const contactTalliesQuery = (db: Db, portalId: PortalId, contactIds: readonly number[]) =>
  db
    .selectFrom('contact_insights')
    .select(TALLY_COLUMNS)
    .where('portal_id', '=', portalId)
    .where('contact_id', 'in', [...contactIds]);

/** Every live contact of these companies, with its part in their tallies. */
export const companyMembersQuery = (db: Db, portalId: PortalId, companyIds: readonly number[]) =>
  db
    .selectFrom('contact_companies as l')
    .innerJoin('contact_insights as i', (j) =>
      j.onRef('i.portal_id', '=', 'l.portal_id').onRef('i.contact_id', '=', 'l.contact_id'),
    )
    .select(['l.company_id', ...TALLY_COLUMNS.map((c) => `i.${c}` as const)])
    .where('l.portal_id', '=', portalId)
    .where('l.company_id', 'in', [...companyIds]);

interface TallyRow {
  contact_id: number;
  threads: number;
  max_score: number;
  strongest_active_owner_id: number | null;
  strong_owner_ids: string;
}

export const toCompanyContact = (r: TallyRow): CompanyContact => ({
  contactId: Number(r.contact_id),
  threads: Number(r.threads),
  maxScore: Number(r.max_score),
  strongestActiveOwnerId: numOrNull(r.strongest_active_owner_id),
  strongOwnerIds: ownerIdList(r.strong_owner_ids),
});

export const toCompanyMember = (r: TallyRow & { company_id: number }): CompanyMember => ({
  companyId: Number(r.company_id),
  ...toCompanyContact(r),
});

/** A read's tally rows: the contacts' parts, the stored tallies to resume, and those to recount. */
export function tallyReads(
  contactRows: Parameters<typeof toCompanyContact>[0][],
  tallyRows: Parameters<typeof toStoredTally>[0][],
  markedRows: { object_id: number }[],
): { contactTallies: CompanyContact[]; tallies: CompanyInsight[]; recount: number[] } {
  const tallies: CompanyInsight[] = [];
  const recount = new Set(markedRows.map((r) => Number(r.object_id)));
  for (const row of tallyRows) {
    const tally = toStoredTally(row);
    if (tally) tallies.push(tally);
    else recount.add(Number(row.company_id));
  }
  return { contactTallies: contactRows.map(toCompanyContact), tallies, recount: [...recount] };
}
