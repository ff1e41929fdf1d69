/** The insights' rows: their writes, their mappers, and what a company's tally reads of them. */
import type { CompanyInsight } from '../../domain/company-insight.js';
import type { ContactInsight } from '../../domain/contact-insight.js';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { flag, isSet, numOrNull, type Db } from './db.js';
import { replacement, replaceRowsWrites, type Write } from './upsert-rows.js';

export interface StoredContactInsight extends ContactInsight {
  hygieneScore: number;
}

/** What makes these contacts' insights `insights`; contacts without one lose theirs. */
export const contactInsightReplacement = (
  portalId: PortalId,
  contactIds: readonly number[],
  insights: readonly StoredContactInsight[],
) =>
  replacement<'contact_insights'>(
    'contact_id',
    contactIds,
    insights.map((i) => toContactInsightRow(portalId, i)),
  );

/** What makes these companies' insights `insights`; companies without one lose theirs. */
export const companyInsightReplacement = (
  portalId: PortalId,
  companyIds: readonly number[],
  insights: readonly CompanyInsight[],
) =>
  replacement<'company_insights'>(
    'company_id',
    companyIds,
    insights.map((c) => toCompanyInsightRow(portalId, c)),
  );

/** Makes the contact insights of a replacement its rows, in place. */
export const contactInsightWrites = (
  db: Db,
  portalId: PortalId,
  r: ReturnType<typeof contactInsightReplacement>,
): Write[] => replaceRowsWrites(db, 'contact_insights', 'contact_id', portalId, r);

/** Makes the company insights of a replacement its rows, in place. */
export const companyInsightWrites = (
  db: Db,
  portalId: PortalId,
  r: ReturnType<typeof companyInsightReplacement>,
): Write[] => replaceRowsWrites(db, 'company_insights', 'company_id', portalId, r);

export function toContactInsightRow(
  portalId: PortalId,
  i: StoredContactInsight,
): Tables['contact_insights'] {
  return {
    portal_id: portalId,
    contact_id: i.contactId,
    key_stakeholder: flag(i.keyStakeholder),
    threads: i.threads,
    max_score: i.maxScore,
    strongest_owner_id: i.strongestOwnerId,
    strongest_active_owner_id: i.strongestActiveOwnerId,
    owner_score: i.ownerScore,
    single_threaded: flag(i.singleThreaded),
    cold: flag(i.cold),
    unthreaded: flag(i.unthreaded),
    orphaned: flag(i.orphaned),
    owner_mismatch: flag(i.ownerMismatch),
    last_touch_at: i.lastTouchAt,
    hygiene_score: i.hygieneScore,
    strong_owner_ids: i.strongOwnerIds.join(','),
  };
}

/** A contact insight's `strong_owner_ids`. */
export const ownerIdList = (text: string): number[] =>
  text === '' ? [] : text.split(',').map(Number);

export function fromContactRow(r: Tables['contact_insights']): StoredContactInsight {
  return {
    contactId: Number(r.contact_id),
    keyStakeholder: isSet(Number(r.key_stakeholder)),
    threads: Number(r.threads),
    maxScore: Number(r.max_score),
    strongestOwnerId: numOrNull(r.strongest_owner_id),
    strongestActiveOwnerId: numOrNull(r.strongest_active_owner_id),
    ownerScore: Number(r.owner_score),
    singleThreaded: isSet(Number(r.single_threaded)),
    cold: isSet(Number(r.cold)),
    unthreaded: isSet(Number(r.unthreaded)),
    orphaned: isSet(Number(r.orphaned)),
    ownerMismatch: isSet(Number(r.owner_mismatch)),
    lastTouchAt: numOrNull(r.last_touch_at),
    hygieneScore: Number(r.hygiene_score),
    strongOwnerIds: ownerIdList(r.strong_owner_ids),
  };
}

export function toCompanyInsightRow(
  portalId: PortalId,
  c: CompanyInsight,
): Tables['company_insights'] {
  return {
    portal_id: portalId,
    company_id: c.companyId,
    contacts: c.contacts,
    threaded_contacts: c.threadedContacts,
    max_score: c.maxScore,
    strongest_owner_id: c.strongestOwnerId,
    strongest_contact_id: c.strongestContactId,
    owner_ties: c.ownerTies.map(([ownerId, n]) => `${ownerId}:${n}`).join(','),
    strong_ties: c.strongTies,
    networkers: c.networkers,
    top_owner_id: c.topOwnerId,
    top_share: c.topShare,
    hhi: c.hhi,
  };
}

const ownerTiesOf = (text: string): [number, number][] =>
  text === ''
    ? []
    : text.split(',').map((pair) => {
        const [ownerId, n] = pair.split(':');
        return [Number(ownerId), Number(n)];
      });

export function fromCompanyRow(r: Tables['company_insights']): CompanyInsight {
  return {
    companyId: Number(r.company_id),
    contacts: Number(r.contacts),
    threadedContacts: Number(r.threaded_contacts),
    maxScore: Number(r.max_score),
    strongestOwnerId: numOrNull(r.strongest_owner_id),
    strongestContactId: numOrNull(r.strongest_contact_id),
    ownerTies: ownerTiesOf(r.owner_ties ?? ''),
    strongTies: Number(r.strong_ties),
    networkers: Number(r.networkers),
    topOwnerId: numOrNull(r.top_owner_id),
    topShare: Number(r.top_share),
    hhi: Number(r.hhi),
  };
}

/**
 * A stored company insight a recompute can resume (`CompanyTally.resume`); undefined for a row
 * written before migration 0012, which keeps neither its ties nor its strongest contact.
 */
export const toStoredTally = (r: Tables['company_insights']): CompanyInsight | undefined =>
  r.owner_ties === null || (r.strongest_owner_id !== null && r.strongest_contact_id === null)
    ? undefined
    : fromCompanyRow(r);
