import { sql } from 'kysely';
import type { Company, PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { numOrNull, type Db } from './db.js';
import { markDirty } from './dirty-repository.js';
import { upsertRows } from './upsert-rows.js';

export interface CompanyRepository {
  upsertMany(portalId: PortalId, companies: readonly Company[]): Promise<void>;
  get(portalId: PortalId, companyId: number): Promise<Company | undefined>;
  count(portalId: PortalId): Promise<number>;
  contactIds(portalId: PortalId, companyId: number): Promise<number[]>;
  /** Linked contacts that are not archived: the ones company insights count. */
  activeContactIds(portalId: PortalId, companyId: number): Promise<number[]>;
}

export function createCompanyRepository(db: Db): CompanyRepository {
  return {
    async upsertMany(portalId, companies) {
      await upsertRows(
        db,
        'companies',
        ['portal_id', 'company_id'],
        companies.map((c) => toCompanyRow(portalId, c)),
      );
      await markDirty(
        db,
        portalId,
        'company',
        companies.map((c) => c.companyId),
      );
    },
    async get(portalId, companyId) {
      const row = await db
        .selectFrom('companies')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('company_id', '=', companyId)
        .where('archived', '=', 0)
        .executeTakeFirst();
      return row && toCompany(row);
    },
    async count(portalId) {
      const row = await db
        .selectFrom('companies')
        .select(sql<number>`count(*)`.as('n'))
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async activeContactIds(portalId, companyId) {
      const rows = await db
        .selectFrom('contact_companies as l')
        .innerJoin('contacts as c', (j) =>
          j.onRef('c.portal_id', '=', 'l.portal_id').onRef('c.contact_id', '=', 'l.contact_id'),
        )
        .select('l.contact_id')
        .where('l.portal_id', '=', portalId)
        .where('l.company_id', '=', companyId)
        .where('c.archived', '=', 0)
        .orderBy('l.contact_id')
        .execute();
      return rows.map((r) => Number(r.contact_id));
    },
    async contactIds(portalId, companyId) {
      const rows = await db
        .selectFrom('contact_companies')
        .select('contact_id')
        .where('portal_id', '=', portalId)
        .where('company_id', '=', companyId)
        .orderBy('contact_id')
        .execute();
      return rows.map((r) => Number(r.contact_id));
    },
  };
}

export function toCompanyRow(portalId: PortalId, c: Company): Tables['companies'] {
  return {
    portal_id: portalId,
    company_id: c.companyId,
    name: c.name,
    domain: c.domain,
    industry: c.industry,
    owner_id: c.ownerId,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    archived: 0,
    prop_versions: '{}',
  };
}

function toCompany(row: Tables['companies']): Company {
  return {
    companyId: Number(row.company_id),
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    ownerId: numOrNull(row.owner_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
