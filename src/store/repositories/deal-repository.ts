import { sql } from 'kysely';
import type { Period } from '../../domain/time.js';
import type { Deal, PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { chunks, flag, isSet, numOrNull, type Db } from './db.js';
import { upsertRows } from './upsert-rows.js';

export interface DealWithAssociations extends Deal {
  contactIds: number[];
  companyIds: number[];
}

export interface DealRepository {
  /** Closed-won deals whose close date falls in the period, with their associations. */
  wonIn(portalId: PortalId, period: Period): Promise<DealWithAssociations[]>;
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
    async wonIn(portalId, period) {
      const rows = await db
        .selectFrom('deals')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .where('closed_won', '=', 1)
        .where('close_date', '>=', period.from)
        .where('close_date', '<', period.to)
        .orderBy('deal_id')
        .execute();
      const out: DealWithAssociations[] = [];
      for (const batch of chunks(rows, 500)) {
        const ids = batch.map((r) => Number(r.deal_id));
        const [contacts, companies] = await Promise.all([
          db
            .selectFrom('deal_contacts')
            .select(['deal_id', 'contact_id'])
            .where('portal_id', '=', portalId)
            .where('deal_id', 'in', ids)
            .execute(),
          db
            .selectFrom('deal_companies')
            .select(['deal_id', 'company_id'])
            .where('portal_id', '=', portalId)
            .where('deal_id', 'in', ids)
            .execute(),
        ]);
        for (const row of batch) {
          const id = Number(row.deal_id);
          out.push({
            ...toDeal(row),
            contactIds: contacts
              .filter((c) => Number(c.deal_id) === id)
              .map((c) => Number(c.contact_id))
              .sort((a, b) => a - b),
            companyIds: companies
              .filter((c) => Number(c.deal_id) === id)
              .map((c) => Number(c.company_id))
              .sort((a, b) => a - b),
          });
        }
      }
      return out;
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
