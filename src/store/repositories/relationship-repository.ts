import type { Relationship } from '../../domain/contact-insight.js';
import type { Grade, Trend } from '../../domain/strength.js';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { upsertWrites, type Write } from './upsert-rows.js';
import { chunks, flag, isSet, numOrNull, type Db } from './db.js';

export interface StoredRelationship extends Relationship {
  contactId: number;
}

export interface RelationshipRepository {
  /** Replaces every relationship of these contacts (an incremental recompute). */
  replaceForContacts(
    portalId: PortalId,
    contactIds: readonly number[],
    relationships: readonly StoredRelationship[],
  ): Promise<void>;
  forContacts(portalId: PortalId, contactIds: readonly number[]): Promise<StoredRelationship[]>;
  forOwner(portalId: PortalId, ownerId: number): Promise<StoredRelationship[]>;
  /** The relationships with a company's active contacts, and how many active contacts it has. */
  ofCompany(
    portalId: PortalId,
    companyId: number,
  ): Promise<{
    contactIds: number[];
    relationships: Pick<StoredRelationship, 'contactId' | 'ownerId' | 'score'>[];
  }>;
  /** Every relationship, in (contact, owner) order, one keyset page at a time. */
  page(
    portalId: PortalId,
    after: { contactId: number; ownerId: number },
    limit: number,
  ): Promise<StoredRelationship[]>;
}

/**
 * Makes these contacts' relationships `relationships`. Kept pairs are updated in place, not
 * deleted and inserted again: a one-touch recompute rewrites every pair of its contact, and an
 * update leaves the indexes (neither holds a score) as they are where a delete and insert wrote
 * both again, and their WAL. The deletion and the upsert touch disjoint rows.
 */
export function relationshipWrites(
  db: Db,
  portalId: PortalId,
  { drops, rows }: RelationshipReplacement,
): Write[] {
  return [
    ...chunks(drops, 200).map((batch) =>
      db
        .deleteFrom('relationships')
        .where('portal_id', '=', portalId)
        .where((eb) =>
          eb.or(
            batch.map(({ contactId, kept }) =>
              kept.length === 0
                ? eb('contact_id', '=', contactId)
                : eb.and([eb('contact_id', '=', contactId), eb('owner_id', 'not in', kept)]),
            ),
          ),
        ),
    ),
    ...upsertWrites(db, 'relationships', ['portal_id', 'contact_id', 'owner_id'], rows),
  ];
}

/** What makes these contacts' relationships a given set: each one's owners kept, and the rows. */
export interface RelationshipReplacement {
  drops: { contactId: number; kept: number[] }[];
  rows: Tables['relationships'][];
}

export function relationshipReplacement(
  portalId: PortalId,
  contactIds: readonly number[],
  relationships: readonly StoredRelationship[],
): RelationshipReplacement {
  const owners = new Map<number, number[]>(contactIds.map((id) => [id, []]));
  for (const r of relationships) owners.get(r.contactId)?.push(r.ownerId);
  return {
    drops: [...owners].map(([contactId, kept]) => ({ contactId, kept })),
    rows: relationships.map((r) => toRelationshipRow(portalId, r)),
  };
}

export function toRelationshipRow(
  portalId: PortalId,
  r: StoredRelationship,
): Tables['relationships'] {
  return {
    portal_id: portalId,
    contact_id: r.contactId,
    owner_id: r.ownerId,
    score: r.score,
    score_before: r.scoreBefore,
    score_at_departure: r.scoreAtDeparture,
    grade: r.grade,
    trend: r.trend,
    touch_count: r.touchCount,
    inbound_count: r.inboundCount,
    last_touch_at: r.lastTouchAt,
    capped: flag(r.capped),
    reason: r.reason,
  };
}

export function fromRelationshipRow(row: Tables['relationships']): StoredRelationship {
  return {
    contactId: Number(row.contact_id),
    ownerId: Number(row.owner_id),
    score: Number(row.score),
    scoreBefore: Number(row.score_before),
    scoreAtDeparture: row.score_at_departure === null ? null : Number(row.score_at_departure),
    grade: row.grade as Grade,
    trend: row.trend as Trend,
    touchCount: Number(row.touch_count),
    inboundCount: Number(row.inbound_count),
    lastTouchAt: numOrNull(row.last_touch_at),
    capped: isSet(Number(row.capped)),
    reason: row.reason,
  };
}

export function createRelationshipRepository(db: Db): RelationshipRepository {
  return {
    async replaceForContacts(portalId, contactIds, relationships) {
      const replacement = relationshipReplacement(portalId, contactIds, relationships);
      for (const write of relationshipWrites(db, portalId, replacement)) await write.execute();
    },
    async forContacts(portalId, contactIds) {
      const out: StoredRelationship[] = [];
      for (const ids of chunks(contactIds, 1_000)) {
        const rows = await db
          .selectFrom('relationships')
          .selectAll()
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .orderBy('contact_id')
          .orderBy('owner_id')
          .execute();
        out.push(...rows.map(fromRelationshipRow));
      }
      return out;
    },
    async ofCompany(portalId, companyId) {
      const rows = await db
        .selectFrom('contact_companies as l')
        .innerJoin('contacts as c', (j) =>
          j.onRef('c.portal_id', '=', 'l.portal_id').onRef('c.contact_id', '=', 'l.contact_id'),
        )
        .leftJoin('relationships as r', (j) =>
          j.onRef('r.portal_id', '=', 'l.portal_id').onRef('r.contact_id', '=', 'l.contact_id'),
        )
        .select(['l.contact_id', 'r.owner_id', 'r.score'])
        .where('l.portal_id', '=', portalId)
        .where('l.company_id', '=', companyId)
        .where('c.archived', '=', 0)
        .execute();
      const contactIds = [...new Set(rows.map((r) => Number(r.contact_id)))].sort((a, b) => a - b);
      const relationships = rows.flatMap((r) =>
        r.owner_id === null || r.score === null
          ? []
          : [
              {
                contactId: Number(r.contact_id),
                ownerId: Number(r.owner_id),
                score: Number(r.score),
              },
            ],
      );
      return { contactIds, relationships };
    },
    async forOwner(portalId, ownerId) {
      const rows = await db
        .selectFrom('relationships')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('owner_id', '=', ownerId)
        .orderBy('contact_id')
        .execute();
      return rows.map(fromRelationshipRow);
    },
    async page(portalId, after, limit) {
      const rows = await db
        .selectFrom('relationships')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where((eb) =>
          eb(eb.refTuple('contact_id', 'owner_id'), '>', eb.tuple(after.contactId, after.ownerId)),
        )
        .orderBy('contact_id')
        .orderBy('owner_id')
        .limit(limit)
        .execute();
      return rows.map(fromRelationshipRow);
    },
  };
}
