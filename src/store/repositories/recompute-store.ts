import { sql, type Expression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CompanyContact, CompanyInsight } from '../../domain/company-insight.js';
import type { Contact, Finding, PortalId, TouchType } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import {
  activeContactsQuery,
  companyLinksQuery,
  toCompanyLink,
  toContact,
  type CompanyLink,
} from './contact-rows.js';
import { heldKeysQuery, toHeldKey, type HeldKey } from './contact-key-repository.js';
import { chunks, type Db } from './db.js';
import {
  companyMembersQuery,
  contactTalliesQuery,
  markedCompaniesQuery,
  storedTalliesQuery,
  tallyReads,
  toCompanyMember,
  type CompanyMember,
} from './company-tally-reads.js';
import {
  companyInsightReplacement,
  companyInsightWrites,
  contactInsightReplacement,
  contactInsightWrites,
  type StoredContactInsight,
} from './insight-rows.js';
import {
  inScope,
  openFindingsQuery,
  reconciliation,
  reconcileWrites,
  type Reconciliation,
  toOpenFinding,
  type FindingScope,
  type OpenFinding,
} from './finding-reconcile.js';
import { heldRows, heldWrites } from './outbox-repository.js';
import {
  relationshipReplacement,
  relationshipWrites,
  type RelationshipReplacement,
  type StoredRelationship,
} from './relationship-repository.js';
import { runWriteTemplate, writeTemplate } from './run-writes.js';
import { statementTemplate } from './statement-template.js';
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
  /** The duplicate keys these contacts hold, each with its first holder. */
  heldKeys: HeldKey[];
  touches: (ContactTouch & { contactId: number })[];
  /** Their company links, archived contacts' included: those companies lose a contact. */
  links: CompanyLink[];
  /** These contacts' parts in their companies' tallies, as stored (those with an insight). */
  contactTallies: CompanyContact[];
  /** The stored insights of the companies they are linked to, that can be resumed. */
  tallies: CompanyInsight[];
  /**
   * Those of their companies to recount from all their contacts: marked for a recompute of their
   * own (a contact joined or left), or stored before migration 0012.
   */
  recount: number[];
  /** Every live contact of the companies asked for: those are recounted. */
  members: CompanyMember[];
  /** The touches asked for that are associated with no contact and no company. */
  unassociated: { touchId: number; type: TouchType; ownerId: number | null }[];
  /** The open findings in the scopes asked for. */
  openFindings: OpenFinding[];
}

/** What a recompute writes: its contacts' relationships and insights, its companies' insights. */
export interface RecomputeResults {
  contactIds: readonly number[];
  relationships: readonly StoredRelationship[];
  insights: readonly StoredContactInsight[];
  companyIds: readonly number[];
  companies: readonly CompanyInsight[];
  /** The open findings of the scopes audited, to become `fresh`. */
  findings: { open: readonly OpenFinding[]; fresh: readonly Finding[]; now: number };
}

export interface RecomputeStore {
  inputs(
    portalId: PortalId,
    of: {
      contactIds: readonly number[];
      companyIds?: readonly number[];
      touchIds?: readonly number[];
      findingScopes?: readonly FindingScope[];
    },
  ): Promise<RecomputeInputs>;
  /** Every live contact of these companies, for their recount. */
  members(portalId: PortalId, companyIds: readonly number[]): Promise<CompanyMember[]>;
  /**
   * Replaces the results of these contacts and companies (one statement on PostgreSQL). The last
   * statement of its transaction: on PostgreSQL it is answered for with the commit.
   */
  replaceResults(portalId: PortalId, results: RecomputeResults): Promise<void>;
}

/** Two reads' inputs as one; a company member both hold counts once. */
export function mergeInputs(a: RecomputeInputs, b: RecomputeInputs): RecomputeInputs {
  const memberKey = (m: CompanyMember) => `${m.companyId}:${m.contactId}`;
  const seen = new Set(a.members.map(memberKey));
  const tallied = new Set(a.tallies.map((t) => t.companyId));
  return {
    contacts: [...a.contacts, ...b.contacts].sort((x, y) => x.contactId - y.contactId),
    heldKeys: [...a.heldKeys, ...b.heldKeys],
    touches: [...a.touches, ...b.touches],
    links: [...a.links, ...b.links],
    contactTallies: [...a.contactTallies, ...b.contactTallies],
    tallies: [...a.tallies, ...b.tallies.filter((t) => !tallied.has(t.companyId))],
    recount: [...new Set([...a.recount, ...b.recount])],
    members: [...a.members, ...b.members.filter((m) => !seen.has(memberKey(m)))],
    unassociated: [...a.unassociated, ...b.unassociated],
    openFindings: [...a.openFindings, ...b.openFindings],
  };
}

export interface ReadInput {
  portalId: PortalId;
  contactIds: number[];
  companyIds: number[];
  touchIds: number[];
  scopes: readonly FindingScope[];
}

function readQueries(db: Db, { portalId, contactIds, companyIds, touchIds, scopes }: ReadInput) {
  return {
    openFindings: openFindingsQuery(db, portalId, scopes),
    contacts: activeContactsQuery(db, portalId, contactIds),
    heldKeys: heldKeysQuery(db, portalId, contactIds),
    touches: contactTouchesQuery(db, portalId, contactIds),
    links: companyLinksQuery(db, portalId, contactIds),
    contactTallies: contactTalliesQuery(db, portalId, contactIds),
    tallies: storedTalliesQuery(db, portalId, contactIds),
    marked: markedCompaniesQuery(db, portalId, contactIds),
    members: companyMembersQuery(db, portalId, companyIds),
    unassociated: unassociatedQuery(db, portalId, touchIds),
  };
}

/** Which of a read's queries have ids to read: one of no ids is not sent (`in ()` is no SQL). */
const asked = ({ contactIds, companyIds, touchIds, scopes }: ReadInput) => ({
  contacts: contactIds.length > 0,
  members: companyIds.length > 0,
  touches: touchIds.length > 0,
  findings: inScope(scopes),
});

/** PostgreSQL's one statement of a read: each query's rows as a JSON array column. */
export const mergedRead = statementTemplate((db: Db, input: ReadInput) => {
  const q = readQueries(db, input);
  const some = asked(input);
  const json = <O>(asked: boolean, query: Expression<O>) =>
    asked ? jsonArrayFrom(query) : (sql`'[]'::json` as ReturnType<typeof jsonArrayFrom<O>>);
  return db.selectNoFrom([
    json(some.contacts, q.contacts).as('contacts'),
    json(some.contacts, q.heldKeys).as('heldKeys'),
    json(some.contacts, q.touches).as('touches'),
    json(some.contacts, q.links).as('links'),
    json(some.contacts, q.contactTallies).as('contactTallies'),
    json(some.contacts, q.tallies).as('tallies'),
    json(some.contacts, q.marked).as('marked'),
    json(some.members, q.members).as('members'),
    json(some.touches, q.unassociated).as('unassociated'),
    json(some.findings, q.openFindings).as('openFindings'),
  ]);
});

/** What a recompute writes, every decision made: rows and ids, built into statements by `resultWrites`. */
export interface ResultWrites {
  portalId: PortalId;
  relationships: RelationshipReplacement;
  contactInsights: ReturnType<typeof contactInsightReplacement>;
  companyInsights: ReturnType<typeof companyInsightReplacement>;
  findings: Reconciliation;
  held: ReturnType<typeof heldRows>;
}

export const resultWrites = writeTemplate((db: Db, w: ResultWrites, dialect) => [
  ...relationshipWrites(db, w.portalId, w.relationships),
  ...contactInsightWrites(db, w.portalId, w.contactInsights),
  ...companyInsightWrites(db, w.portalId, w.companyInsights),
  ...reconcileWrites(db, dialect, w.findings),
  ...heldWrites(db, w.held),
]);

/**
 * A one-touch recompute's reads are seven small queries and its writes as many; on PostgreSQL
 * each costs a round trip (0.15–0.35 ms, most of a recompute), so there the reads go as one
 * statement whose columns are JSON arrays, parsed by the same row mappers, and the writes as one
 * (`runWrites`). SQLite runs in process: its statements cost no trip.
 */
export function createRecomputeStore(db: Db, dialect: Dialect): RecomputeStore {
  async function readChunk(input: ReadInput): Promise<RecomputeInputs> {
    const some = asked(input);
    if (dialect === 'sqlite') {
      const q = readQueries(db, input);
      const rows = <O>(asked: boolean, query: { execute(): Promise<O[]> }) =>
        asked ? query.execute() : [];
      return {
        contacts: (await rows(some.contacts, q.contacts)).map(toContact),
        heldKeys: (await rows(some.contacts, q.heldKeys)).map(toHeldKey),
        touches: (await rows(some.contacts, q.touches)).map(toContactTouch),
        links: (await rows(some.contacts, q.links)).map(toCompanyLink),
        ...tallyReads(
          await rows(some.contacts, q.contactTallies),
          await rows(some.contacts, q.tallies),
          await rows(some.contacts, q.marked),
        ),
        members: (await rows(some.members, q.members)).map(toCompanyMember),
        unassociated: (await rows(some.touches, q.unassociated)).map(toUnassociated),
        openFindings: (await rows(some.findings, q.openFindings)).map(toOpenFinding),
      };
    }
    const [row] = await mergedRead.rows(db, dialect, input);
    if (!row) throw new Error('the merged read returned no row');
    return {
      contacts: row.contacts.map(toContact),
      heldKeys: row.heldKeys.map(toHeldKey),
      touches: row.touches.map(toContactTouch),
      links: row.links.map(toCompanyLink),
      ...tallyReads(row.contactTallies, row.tallies, row.marked),
      members: row.members.map(toCompanyMember),
      unassociated: row.unassociated.map(toUnassociated),
      openFindings: row.openFindings.map(toOpenFinding),
    };
  }

  return {
    async inputs(portalId, of) {
      const companyIds = [...(of.companyIds ?? [])];
      const touchIds = [...(of.touchIds ?? [])];
      const contactChunks = chunks(of.contactIds, 1_000);
      let out = await readChunk({
        portalId,
        contactIds: contactChunks[0] ?? [],
        companyIds,
        touchIds,
        scopes: of.findingScopes ?? [],
      });
      for (const ids of contactChunks.slice(1))
        out = mergeInputs(
          out,
          await readChunk({ portalId, contactIds: ids, companyIds: [], touchIds: [], scopes: [] }),
        );
      return out;
    },
    async members(portalId, companyIds) {
      const out: CompanyMember[] = [];
      for (const ids of chunks(companyIds, 1_000))
        out.push(...(await companyMembersQuery(db, portalId, ids).execute()).map(toCompanyMember));
      return out;
    },
    async replaceResults(portalId, r) {
      const findings = reconciliation(portalId, r.findings.open, r.findings.fresh, r.findings.now);
      const writes: ResultWrites = {
        portalId,
        relationships: relationshipReplacement(portalId, r.contactIds, r.relationships),
        contactInsights: contactInsightReplacement(portalId, r.contactIds, r.insights),
        companyInsights: companyInsightReplacement(portalId, r.companyIds, r.companies),
        findings,
        held: heldRows(portalId, findings.alertKeys, r.findings.now),
      };
      await runWriteTemplate(db, dialect, resultWrites, writes, { endsTransaction: true });
    },
  };
}
