/**
 * HubSpot's export column labels (English), per object type, mapped to the fields Rapport reads.
 * Labels are matched case-insensitively and without surrounding spaces; a column that matches no
 * alias is reported as not recognised, never silently used.
 */
export type ExportKind = 'contacts' | 'companies' | 'deals';

export const COLUMNS: Record<ExportKind, Record<string, readonly string[]>> = {
  contacts: {
    id: ['record id', 'contact id', 'hs_object_id'],
    firstName: ['first name', 'firstname'],
    lastName: ['last name', 'lastname'],
    email: ['email', 'email address'],
    phone: ['phone number', 'phone'],
    jobTitle: ['job title', 'jobtitle'],
    companyName: ['company name', 'company'],
    linkedinUrl: ['linkedin url', 'linkedin profile url', 'hs_linkedin_url'],
    owner: ['contact owner', 'owner', 'hubspot_owner_id'],
    lifecycleStage: ['lifecycle stage', 'lifecyclestage'],
    createdAt: ['create date', 'created date', 'createdate'],
    updatedAt: ['last modified date', 'lastmodifieddate'],
    lastContacted: ['last contacted', 'notes_last_contacted'],
    timesContacted: ['number of times contacted', 'num_contacted_notes'],
    lastActivity: ['last activity date', 'notes_last_updated'],
    companyIds: [
      'associated company ids',
      'associated company id',
      'company ids',
      'associated company ids (primary)',
    ],
  },
  companies: {
    id: ['record id', 'company id', 'hs_object_id'],
    name: ['company name', 'name'],
    domain: ['company domain name', 'domain', 'website url'],
    industry: ['industry'],
    owner: ['company owner', 'owner', 'hubspot_owner_id'],
    createdAt: ['create date', 'created date', 'createdate'],
    updatedAt: ['last modified date', 'hs_lastmodifieddate'],
  },
  deals: {
    id: ['record id', 'deal id', 'hs_object_id'],
    name: ['deal name', 'dealname'],
    amount: ['amount'],
    stage: ['deal stage', 'dealstage'],
    closeDate: ['close date', 'closedate'],
    createdAt: ['create date', 'created date', 'createdate'],
    owner: ['deal owner', 'owner', 'hubspot_owner_id'],
    contactIds: ['associated contact ids', 'associated contact id', 'contact ids'],
    companyIds: ['associated company ids', 'associated company id', 'company ids'],
  },
};

const DISTINCTIVE: Record<ExportKind, readonly string[]> = {
  contacts: ['first name', 'last name', 'email', 'contact owner', 'contact id'],
  companies: ['company domain name', 'company owner', 'company id'],
  deals: ['deal name', 'deal stage', 'deal owner', 'deal id'],
};

export const normalizeLabel = (label: string) =>
  label
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** Which export a header row belongs to, by its distinctive columns; null when none fits. */
export function detectKind(headers: readonly string[]): ExportKind | null {
  const labels = new Set(headers.map(normalizeLabel));
  let best: ExportKind | null = null;
  let bestHits = 0;
  for (const kind of ['contacts', 'companies', 'deals'] as const) {
    const hits = DISTINCTIVE[kind].filter((l) => labels.has(l)).length;
    if (hits > bestHits) {
      best = kind;
      bestHits = hits;
    }
  }
  return best;
}

/** Column index per field, and the columns no alias recognised. */
export function mapColumns(kind: ExportKind, headers: readonly string[]) {
  const index: Record<string, number> = {};
  const unknown: string[] = [];
  headers.forEach((header, i) => {
    const label = normalizeLabel(header);
    const field = Object.entries(COLUMNS[kind]).find(([, aliases]) => aliases.includes(label))?.[0];
    if (field && index[field] === undefined) index[field] = i;
    else unknown.push(header);
  });
  return { index, unknown };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,? (\d{1,2}):(\d{2})(?: ?([AP]M))?)?$/i;

/**
 * HubSpot export dates: "2024-03-05 14:23", ISO timestamps, or the US "3/5/2024 2:23 PM" of some
 * exports; epoch milliseconds too. Undefined for an empty cell, null for one that is not a date.
 */
export function parseExportDate(text: string | undefined): number | null | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (/^\d{12,14}$/.test(value)) return Number(value);
  const iso = DATE.exec(value);
  if (iso) {
    const [, y, m, d, hh = '0', mm = '0', ss = '0'] = iso;
    const at = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss));
    return Number.isNaN(at) || Number(m) > 12 || Number(d) > 31 ? null : at;
  }
  const us = US_DATE.exec(value);
  if (us) {
    const [, m, d, y, hh = '0', mm = '0', ampm] = us;
    let hours = Number(hh) % 12;
    if (!ampm || ampm.toUpperCase() === 'PM') hours = ampm ? hours + 12 : Number(hh);
    return Number(m) > 12 || Number(d) > 31
      ? null
      : Date.UTC(Number(y), Number(m) - 1, Number(d), hours, Number(mm));
  }
  return null;
}

/** Multi-value cells ("123;456") as ids; bad parts are dropped. */
export const idList = (text: string | undefined): number[] =>
  (text ?? '')
    .split(/[;,]/)
    .map((p) => Number(p.trim()))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
