import type { CompanyContact, CompanyInsight } from '../../domain/company-insight.js';
import type { ContactInsight } from '../../domain/contact-insight.js';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { chunks, flag, isSet, numOrNull, type Db } from './db.js';
import { replaceRowsWrites, type Write } from './upsert-rows.js';

export interface StoredContactInsight extends ContactInsight {
  hygieneScore: number;
}

export type { CompanyInsight };

export type RiskFlag = 'singleThreaded' | 'cold' | 'unthreaded' | 'orphaned' | 'ownerMismatch';
const RISK_COLUMN = {
  singleThreaded: 'single_threaded',
  cold: 'cold',
  unthreaded: 'unthreaded',
  orphaned: 'orphaned',
  ownerMismatch: 'owner_mismatch',
} as const;

export interface InsightRepository {
  replaceContacts(
    portalId: PortalId,
    contactIds: readonly number[],
    insights: readonly StoredContactInsight[],
  ): Promise<void>;
  contacts(portalId: PortalId, contactIds: readonly number[]): Promise<StoredContactInsight[]>;
  /** Key stakeholders carrying a risk flag, weakest first. */
  atRisk(portalId: PortalId, flag: RiskFlag, limit: number): Promise<StoredContactInsight[]>;
  countFlag(portalId: PortalId, flag: RiskFlag): Promise<number>;
  replaceCompanies(
    portalId: PortalId,
    companyIds: readonly number[],
    insights: readonly CompanyInsight[],
  ): Promise<void>;
  companies(portalId: PortalId, companyIds: readonly number[]): Promise<CompanyInsight[]>;
  /** Company insights in id order after `afterId`: the write-back's pages. */
  companyPage(portalId: PortalId, afterId: number, limit: number): Promise<CompanyInsight[]>;
  /** Companies where one networker holds the most of at least `minTies` strong ties. */
  mostConcentrated(portalId: PortalId, minTies: number, limit: number): Promise<CompanyInsight[]>;
}

/** Makes these contacts' insights `insights`, in place; contacts without one lose theirs. */
export const contactInsightWrites = (
  db: Db,
  portalId: PortalId,
  contactIds: readonly number[],
  insights: readonly StoredContactInsight[],
): Write[] =>
  replaceRowsWrites(
    db,
    'contact_insights',
    'contact_id',
    portalId,
    contactIds,
    insights.map((i) => toContactInsightRow(portalId, i)),
  );

/** Makes these companies' insights `insights`, in place; companies without one lose theirs. */
export const companyInsightWrites = (
  db: Db,
  portalId: PortalId,
  companyIds: readonly number[],
  insights: readonly CompanyInsight[],
): Write[] =>
  replaceRowsWrites(
    db,
    'company_insights',
    'company_id',
    portalId,
    companyIds,
    insights.map((c) => toCompanyInsightRow(portalId, c)),
  );

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

const ownerIdList = (text: string): number[] => (text === '' ? [] : text.split(',').map(Number));

/** What a company's tally needs of one of its live contacts (one with an insight). */
export interface CompanyMember extends CompanyContact {
  companyId: number;
  contactId: number;
}

/** The members of the companies `contactIds` are linked to, and of `companyIds`. */
export function companyMembersQuery(
  db: Db,
  portalId: PortalId,
  of: { contactIds: readonly number[]; companyIds: readonly number[] },
) {
  return db
    .selectFrom('contact_companies as l')
    .innerJoin('contact_insights as i', (j) =>
      j.onRef('i.portal_id', '=', 'l.portal_id').onRef('i.contact_id', '=', 'l.contact_id'),
    )
    .select([
      'l.company_id',
      'i.contact_id',
      'i.threads',
      'i.max_score',
      'i.strongest_active_owner_id',
      'i.strong_owner_ids',
    ])
    .where('l.portal_id', '=', portalId)
    .where((eb) =>
      eb.or([
        ...(of.contactIds.length === 0
          ? []
          : [
              eb(
                'l.company_id',
                'in',
                eb
                  .selectFrom('contact_companies as own')
                  .select('own.company_id')
                  .where('own.portal_id', '=', portalId)
                  .where('own.contact_id', 'in', [...of.contactIds]),
              ),
            ]),
        ...(of.companyIds.length === 0 ? [] : [eb('l.company_id', 'in', [...of.companyIds])]),
      ]),
    );
}

export const toCompanyMember = (r: {
  company_id: number;
  contact_id: number;
  threads: number;
  max_score: number;
  strongest_active_owner_id: number | null;
  strong_owner_ids: string;
}): CompanyMember => ({
  companyId: Number(r.company_id),
  contactId: Number(r.contact_id),
  threads: Number(r.threads),
  maxScore: Number(r.max_score),
  strongestActiveOwnerId: numOrNull(r.strongest_active_owner_id),
  strongOwnerIds: ownerIdList(r.strong_owner_ids),
});

function fromContactRow(r: Tables['contact_insights']): StoredContactInsight {
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
    strong_ties: c.strongTies,
    networkers: c.networkers,
    top_owner_id: c.topOwnerId,
    top_share: c.topShare,
    hhi: c.hhi,
  };
}

function fromCompanyRow(r: Tables['company_insights']): CompanyInsight {
  return {
    companyId: Number(r.company_id),
    contacts: Number(r.contacts),
    threadedContacts: Number(r.threaded_contacts),
    maxScore: Number(r.max_score),
    strongestOwnerId: numOrNull(r.strongest_owner_id),
    strongTies: Number(r.strong_ties),
    networkers: Number(r.networkers),
    topOwnerId: numOrNull(r.top_owner_id),
    topShare: Number(r.top_share),
    hhi: Number(r.hhi),
  };
}

export function createInsightRepository(db: Db): InsightRepository {
  return {
    // Upserted in place, and only the ids left without a row deleted: a recompute's contact is one
    // statement, not a delete and an insert.
    async replaceContacts(portalId, contactIds, insights) {
      for (const write of contactInsightWrites(db, portalId, contactIds, insights))
        await write.execute();
    },
    async contacts(portalId, contactIds) {
      const out: StoredContactInsight[] = [];
      for (const ids of chunks(contactIds, 1_000)) {
        const rows = await db
          .selectFrom('contact_insights')
          .selectAll()
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .orderBy('contact_id')
          .execute();
        out.push(...rows.map(fromContactRow));
      }
      return out;
    },
    async atRisk(portalId, risk, limit) {
      const rows = await db
        .selectFrom('contact_insights')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where(RISK_COLUMN[risk], '=', 1)
        .orderBy('max_score')
        .orderBy('contact_id')
        .limit(limit)
        .execute();
      return rows.map(fromContactRow);
    },
    async countFlag(portalId, risk) {
      const row = await db
        .selectFrom('contact_insights')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('portal_id', '=', portalId)
        .where(RISK_COLUMN[risk], '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async replaceCompanies(portalId, companyIds, insights) {
      for (const write of companyInsightWrites(db, portalId, companyIds, insights))
        await write.execute();
    },
    async companies(portalId, companyIds) {
      const out: CompanyInsight[] = [];
      for (const ids of chunks(companyIds, 1_000)) {
        const rows = await db
          .selectFrom('company_insights')
          .selectAll()
          .where('portal_id', '=', portalId)
          .where('company_id', 'in', ids)
          .orderBy('company_id')
          .execute();
        out.push(...rows.map(fromCompanyRow));
      }
      return out;
    },
    async companyPage(portalId, afterId, limit) {
      const rows = await db
        .selectFrom('company_insights')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('company_id', '>', afterId)
        .orderBy('company_id')
        .limit(limit)
        .execute();
      return rows.map(fromCompanyRow);
    },
    async mostConcentrated(portalId, minTies, limit) {
      const rows = await db
        .selectFrom('company_insights')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('strong_ties', '>=', minTies)
        .orderBy('top_share', 'desc')
        .orderBy('strong_ties', 'desc')
        .orderBy('company_id')
        .limit(limit)
        .execute();
      return rows.map(fromCompanyRow);
    },
  };
}
