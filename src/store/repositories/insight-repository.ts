import type { CompanyInsight } from '../../domain/company-insight.js';
import type { PortalId } from '../../domain/types.js';
import { sql } from 'kysely';
import { chunks, type Db } from './db.js';
import {
  companyInsightReplacement,
  companyInsightWrites,
  contactInsightReplacement,
  contactInsightWrites,
  fromCompanyRow,
  fromContactRow,
  type StoredContactInsight,
} from './insight-rows.js';

export type { CompanyInsight };
export type { StoredContactInsight };

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
  /** How many of the portal's contacts carry each risk flag: one scan of the insights, not one per flag. */
  countFlags(portalId: PortalId): Promise<Record<RiskFlag, number>>;
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

export function createInsightRepository(db: Db): InsightRepository {
  return {
    // Upserted in place, and only the ids left without a row deleted: a recompute's contact is one
    // statement, not a delete and an insert.
    async replaceContacts(portalId, contactIds, insights) {
      const replacement = contactInsightReplacement(portalId, contactIds, insights);
      for (const write of contactInsightWrites(db, portalId, replacement)) await write.execute();
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
    async countFlags(portalId) {
      const flags = Object.keys(RISK_COLUMN) as RiskFlag[];
      const row = (await db
        .selectFrom('contact_insights')
        .select(
          flags.map((f) => sql<string | number | null>`sum(${sql.ref(RISK_COLUMN[f])})`.as(f)),
        )
        .where('portal_id', '=', portalId)
        .executeTakeFirstOrThrow()) as Record<RiskFlag, string | number | null>;
      // PostgreSQL sums integers as numeric text; no row at all sums to null.
      return Object.fromEntries(flags.map((f) => [f, Number(row[f] ?? 0)])) as Record<
        RiskFlag,
        number
      >;
    },
    async replaceCompanies(portalId, companyIds, insights) {
      const replacement = companyInsightReplacement(portalId, companyIds, insights);
      for (const write of companyInsightWrites(db, portalId, replacement)) await write.execute();
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
