import { sql, type Expression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Contact, PortalId, TouchType } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import {
  activeContactsQuery,
  companyLinksQuery,
  toCompanyLink,
  toContact,
  type CompanyLink,
} from './contact-repository.js';
import { groupsQuery, toContactKey, type ContactKey } from './contact-key-repository.js';
import { chunks, type Db } from './db.js';
import {
  companyInsightWrites,
  companyMembersQuery,
  contactInsightWrites,
  toCompanyMember,
  type CompanyInsight,
  type CompanyMember,
  type StoredContactInsight,
} from './insight-repository.js';
import { relationshipWrites, type StoredRelationship } from './relationship-repository.js';
import { runWrites } from './run-writes.js';
import {
  contactTouchesQuery,
  toContactTouch,
  toUnassociated,
  unassociatedQuery,
  type ContactTouch,
} from './touch-reads.js';

/** Everything a recompute reads before it writes, as stored when the batch began. */
export interface RecomputeInputs {
  /** The active contacts among those asked for, in id order. */
  contacts: Contact[];
  /** Every holder of a duplicate key these contacts hold, themselves included. */
  groups: ContactKey[];
  touches: (ContactTouch & { contactId: number })[];
  /** Their company links, archived contacts' included: those companies lose a contact. */
  links: CompanyLink[];
  /** The stored insights of every live contact of those companies and of the companies asked for. */
  members: CompanyMember[];
  /** The touches asked for that are associated with no contact and no company. */
  unassociated: { touchId: number; type: TouchType; ownerId: number | null }[];
}

/** What a recompute writes: its contacts' relationships and insights, its companies' insights. */
export interface RecomputeResults {
  contactIds: readonly number[];
  relationships: readonly StoredRelationship[];
  insights: readonly StoredContactInsight[];
  companyIds: readonly number[];
  companies: readonly CompanyInsight[];
}

export interface RecomputeStore {
  inputs(
    portalId: PortalId,
    of: {
      contactIds: readonly number[];
      companyIds?: readonly number[];
      touchIds?: readonly number[];
    },
  ): Promise<RecomputeInputs>;
  /** Replaces the results of these contacts and companies (one statement on PostgreSQL). */
  replaceResults(portalId: PortalId, results: RecomputeResults): Promise<void>;
}

export const NO_INPUTS: RecomputeInputs = {
  contacts: [],
  groups: [],
  touches: [],
  links: [],
  members: [],
  unassociated: [],
};

/** Two reads' inputs as one; a company member both hold counts once. */
export function mergeInputs(a: RecomputeInputs, b: RecomputeInputs): RecomputeInputs {
  const memberKey = (m: CompanyMember) => `${m.companyId}:${m.contactId}`;
  const seen = new Set(a.members.map(memberKey));
  return {
    contacts: [...a.contacts, ...b.contacts].sort((x, y) => x.contactId - y.contactId),
    groups: [...a.groups, ...b.groups],
    touches: [...a.touches, ...b.touches],
    links: [...a.links, ...b.links],
    members: [...a.members, ...b.members.filter((m) => !seen.has(memberKey(m)))],
    unassociated: [...a.unassociated, ...b.unassociated],
  };
}

/**
 * A one-touch recompute's reads are six small queries; on PostgreSQL each costs a round trip
 * (0.15–0.35 ms, most of a recompute), so there they go as one statement whose columns are JSON
 * arrays, parsed by the same row mappers. SQLite runs in process: its six queries cost no trip.
 */
export function createRecomputeStore(db: Db, dialect: Dialect): RecomputeStore {
  const queries = (
    portalId: PortalId,
    contactIds: number[],
    companyIds: number[],
    touchIds: number[],
  ) => ({
    contacts: activeContactsQuery(db, portalId, contactIds),
    groups: groupsQuery(db, portalId, contactIds),
    touches: contactTouchesQuery(db, portalId, contactIds),
    links: companyLinksQuery(db, portalId, contactIds),
    members: companyMembersQuery(db, portalId, { contactIds, companyIds }),
    unassociated: unassociatedQuery(db, portalId, touchIds),
  });

  async function readChunk(
    portalId: PortalId,
    contactIds: number[],
    companyIds: number[],
    touchIds: number[],
  ): Promise<RecomputeInputs> {
    const q = queries(portalId, contactIds, companyIds, touchIds);
    const memberIds = [...contactIds, ...companyIds];
    if (dialect === 'sqlite') {
      const rows = <O>(ids: readonly number[], query: { execute(): Promise<O[]> }) =>
        ids.length === 0 ? [] : query.execute();
      return {
        contacts: (await rows(contactIds, q.contacts)).map(toContact),
        groups: (await rows(contactIds, q.groups)).map(toContactKey),
        touches: (await rows(contactIds, q.touches)).map(toContactTouch),
        links: (await rows(contactIds, q.links)).map(toCompanyLink),
        members: (await rows(memberIds, q.members)).map(toCompanyMember),
        unassociated: (await rows(touchIds, q.unassociated)).map(toUnassociated),
      };
    }
    // An empty id list would be `in ()`, which PostgreSQL refuses: its array is written out.
    const json = <O>(ids: readonly number[], query: Expression<O>) =>
      ids.length === 0
        ? (sql`'[]'::json` as ReturnType<typeof jsonArrayFrom<O>>)
        : jsonArrayFrom(query);
    const row = await db
      .selectNoFrom([
        json(contactIds, q.contacts).as('contacts'),
        json(contactIds, q.groups).as('groups'),
        json(contactIds, q.touches).as('touches'),
        json(contactIds, q.links).as('links'),
        json(memberIds, q.members).as('members'),
        json(touchIds, q.unassociated).as('unassociated'),
      ])
      .executeTakeFirstOrThrow();
    return {
      contacts: row.contacts.map(toContact),
      groups: row.groups.map(toContactKey),
      touches: row.touches.map(toContactTouch),
      links: row.links.map(toCompanyLink),
      members: row.members.map(toCompanyMember),
      unassociated: row.unassociated.map(toUnassociated),
    };
  }

  return {
    async inputs(portalId, of) {
      const companyIds = [...(of.companyIds ?? [])];
      const touchIds = [...(of.touchIds ?? [])];
      const contactChunks = chunks(of.contactIds, 1_000);
      let out = await readChunk(portalId, contactChunks[0] ?? [], companyIds, touchIds);
      for (const ids of contactChunks.slice(1))
        out = mergeInputs(out, await readChunk(portalId, ids, [], []));
      return out;
    },
    async replaceResults(portalId, r) {
      await runWrites(db, dialect, [
        ...relationshipWrites(db, portalId, r.contactIds, r.relationships),
        ...contactInsightWrites(db, portalId, r.contactIds, r.insights),
        ...companyInsightWrites(db, portalId, r.companyIds, r.companies),
      ]);
    },
  };
}
