import { sql } from 'kysely';
import type { Deal, PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { flag, isSet, numOrNull, type Db } from './db.js';
import { upsertRows } from './upsert-rows.js';

export interface DealWithAssociations extends Deal {
  contactIds: number[];
  companyIds: number[];
}

export interface DealRepository {
  upsert(
    portalId: PortalId,
    deal: Deal,
    associations: { contactIds: number[]; companyIds: number[] },
  ): Promise<void>;
  get(portalId: PortalId, dealId: number): Promise<DealWithAssociations | undefined>;
  count(portalId: PortalId): Promise<number>;
}

export function createDealRepository(db: Db): DealRepository {
  return {
    async upsert(portalId, deal, { contactIds, companyIds }) {
      await upsertRows(db, 'deals', ['portal_id', 'deal_id'], [toDealRow(portalId, deal)]);
      // Associations are replaced wholesale: HubSpot's batch read returns the full current set.
      await db
        .deleteFrom('deal_contacts')
        .where('portal_id', '=', portalId)
        .where('deal_id', '=', deal.dealId)
        .execute();
      await db
        .deleteFrom('deal_companies')
        .where('portal_id', '=', portalId)
        .where('deal_id', '=', deal.dealId)
        .execute();
      await upsertRows(
        db,
        'deal_contacts',
        ['portal_id', 'deal_id', 'contact_id'],
        contactIds.map((contact_id) => ({ portal_id: portalId, deal_id: deal.dealId, contact_id })),
      );
      await upsertRows(
        db,
        'deal_companies',
        ['portal_id', 'deal_id', 'company_id'],
        companyIds.map((company_id) => ({ portal_id: portalId, deal_id: deal.dealId, company_id })),
      );
    },
    async get(portalId, dealId) {
      const row = await db
        .selectFrom('deals')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('deal_id', '=', dealId)
        .where('archived', '=', 0)
        .executeTakeFirst();
      if (!row) return undefined;
      const [contacts, companies] = await Promise.all([
        db
          .selectFrom('deal_contacts')
          .select('contact_id')
          .where('portal_id', '=', portalId)
          .where('deal_id', '=', dealId)
          .orderBy('contact_id')
          .execute(),
        db
          .selectFrom('deal_companies')
          .select('company_id')
          .where('portal_id', '=', portalId)
          .where('deal_id', '=', dealId)
          .orderBy('company_id')
          .execute(),
      ]);
      return {
        ...toDeal(row),
        contactIds: contacts.map((c) => Number(c.contact_id)),
        companyIds: companies.map((c) => Number(c.company_id)),
      };
    },
    async count(portalId) {
      const row = await db
        .selectFrom('deals')
        .select(sql<number>`count(*)`.as('n'))
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export function toDealRow(portalId: PortalId, d: Deal): Tables['deals'] {
  return {
    portal_id: portalId,
    deal_id: d.dealId,
    name: d.name,
    amount: d.amount,
    stage: d.stage,
    closed: flag(d.closed),
    closed_won: flag(d.closedWon),
    created_at: d.createdAt,
    close_date: d.closeDate,
    owner_id: d.ownerId,
    updated_at: d.updatedAt,
    archived: 0,
    prop_versions: '{}',
  };
}

function toDeal(row: Tables['deals']): Deal {
  return {
    dealId: Number(row.deal_id),
    name: row.name,
    amount: row.amount === null ? null : Number(row.amount),
    stage: row.stage,
    closed: isSet(row.closed),
    closedWon: isSet(row.closed_won),
    createdAt: Number(row.created_at),
    closeDate: numOrNull(row.close_date),
    ownerId: numOrNull(row.owner_id),
    updatedAt: Number(row.updated_at),
  };
}
