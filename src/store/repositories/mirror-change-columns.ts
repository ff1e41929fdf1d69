import type { CountryCode } from 'libphonenumber-js';
import { normalizeEmail } from '../../domain/normalize.js';
import { phoneReadingColumns } from './contact-rows.js';
import { flag } from './db.js';
import type { CompanyChange, ContactChange, DealChange } from './mirror-change-repository.js';

/** Where each mirrored object lives: its table and its id column. */
export const TABLE = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
export const KEY = { contact: 'contact_id', company: 'company_id', deal: 'deal_id' } as const;

/** The columns a webhook's property change writes, field by field; undefined fields are left out. */
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

/**
 * A contact's changed columns, with what the mirror derives from them written in the same change;
 * a new number is read with `phoneRegion` (asked for only then).
 */
export async function contactChangeColumns(
  change: ContactChange,
  phoneRegion: () => Promise<CountryCode>,
): Promise<Record<string, unknown>> {
  const columns = toColumns(change, CONTACT_COLUMNS);
  if ('email' in change) columns['email_normalized'] = normalizeEmail(change.email);
  if (change.phone !== undefined)
    Object.assign(columns, phoneReadingColumns(change.phone, await phoneRegion()));
  return columns;
}

export const companyChangeColumns = (change: CompanyChange) => toColumns(change, COMPANY_COLUMNS);
export const dealChangeColumns = (change: DealChange) => toColumns(change, DEAL_COLUMNS);
