import type {
  CompanyChange,
  ContactChange,
  DealChange,
} from '../store/repositories/mirror-change-repository.js';

/**
 * HubSpot property names → mirror fields, with HubSpot's string values parsed. A property not
 * listed here is not mirrored (the webhook subscriptions only name listed ones).
 */
const int = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
};
const num = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const text = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;
/** HubSpot dates arrive as epoch ms strings in webhooks and ISO strings in reads. */
export const time = (value: string | null | undefined): number | null => {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
};

export const CONTACT_PROPERTIES: Record<string, (v: string | null | undefined) => ContactChange> = {
  email: (v) => ({ email: text(v) }),
  firstname: (v) => ({ firstName: text(v) }),
  lastname: (v) => ({ lastName: text(v) }),
  phone: (v) => ({ phone: text(v) }),
  jobtitle: (v) => ({ jobTitle: text(v) }),
  company: (v) => ({ companyName: text(v) }),
  hs_linkedin_url: (v) => ({ linkedinUrl: text(v) }),
  lifecyclestage: (v) => ({ lifecycleStage: text(v) }),
  hubspot_owner_id: (v) => ({ ownerId: int(v) }),
  associatedcompanyid: (v) => ({ primaryCompanyId: int(v) }),
};

export const COMPANY_PROPERTIES: Record<string, (v: string | null | undefined) => CompanyChange> = {
  name: (v) => ({ name: text(v) }),
  domain: (v) => ({ domain: text(v) }),
  industry: (v) => ({ industry: text(v) }),
  hubspot_owner_id: (v) => ({ ownerId: int(v) }),
};

/** Default pipeline's closed stages; a portal's custom pipelines map their own won/lost stages. */
export const DEAL_PROPERTIES: Record<string, (v: string | null | undefined) => DealChange> = {
  dealname: (v) => ({ name: text(v) }),
  amount: (v) => ({ amount: num(v) }),
  dealstage: (v) => ({
    stage: v ?? '',
    closed: v === 'closedwon' || v === 'closedlost',
    closedWon: v === 'closedwon',
  }),
  closedate: (v) => ({ closeDate: time(v) }),
  hubspot_owner_id: (v) => ({ ownerId: int(v) }),
  pipeline: () => ({}),
};

export function fieldsFrom<T extends object>(
  mapping: Record<string, (v: string | null | undefined) => T>,
  properties: Record<string, string | null>,
): T {
  return Object.assign(
    {},
    ...Object.entries(mapping).map(([name, parse]) =>
      name in properties ? parse(properties[name]) : {},
    ),
  ) as T;
}

export { int as parseHubspotInt };
