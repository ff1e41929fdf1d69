import type { CompanyContact, CompanyInsight } from '../../domain/company-insight.js';
import type { Contact, Finding, ObjectType, PortalId, TouchType } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import type { CompanyLink } from './contact-rows.js';
import type { ContactKey } from './contact-key-repository.js';
import { chunks, type Db } from './db.js';
import { companyMembersQuery, toCompanyMember, type CompanyMember } from './company-tally-reads.js';
import { createDirtyRepository, type DirtyMark } from './dirty-repository.js';
import {
  companyInsightReplacement,
  companyInsightWrites,
  contactInsightReplacement,
  contactInsightWrites,
  type StoredContactInsight,
} from './insight-rows.js';
import {
  reconciliation,
  reconcileWrites,
  type Reconciliation,
  type FindingScope,
  type OpenFinding,
} from './finding-reconcile.js';
import { heldRows, heldWrites } from './outbox-repository.js';
import { readOnce, takeAndReadOnce, type AuditedRules, type ReadInput } from './recompute-reads.js';
import {
  relationshipReplacement,
  relationshipWrites,
  type RelationshipReplacement,
  type StoredRelationship,
} from './relationship-repository.js';
import { runWriteTemplate, writeTemplate } from './run-writes.js';
import type { ContactTouch } from './touch-reads.js';

/** Everything a recompute reads before it writes, as stored when the batch began. */
export interface RecomputeInputs {
  /** The active contacts among those asked for, in id order. */
  contacts: Contact[];
  /** Every holder of a duplicate key these contacts hold, themselves included. */
  groups: ContactKey[];
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
  /**
   * Takes a batch of marks (as `dirty.take` does) and reads what a batch of them needs when none
   * is a networker's, team's, role's or activity's: their contacts, companies and touches, and the
   * open findings of `rules` on those contacts and touches. On PostgreSQL in one statement with the
   * take: a one-touch recompute's read costs no round trip of its own.
   */
  takeAndRead(of: {
    limit: number;
    portalId?: PortalId | undefined;
    rules: AuditedRules;
  }): Promise<{ marks: DirtyMark[]; more: boolean; read: RecomputeInputs }>;
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
    groups: [...a.groups, ...b.groups],
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
  const readChunk = (input: ReadInput) => readOnce(db, dialect, input);
  const dirty = createDirtyRepository(db, dialect);

  const inputs: RecomputeStore['inputs'] = async (portalId, of) => {
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
  };

  return {
    inputs,
    async takeAndRead({ limit, portalId, rules }) {
      const of = { limit, sample: limit + 1, portalId, rules };
      if (dialect === 'postgres') return takeAndReadOnce(db, dialect, of);
      const { marks, more } = await dirty.take(limit, portalId);
      const [first] = marks;
      if (!first) return { marks, more, read: await inputs(0, { contactIds: [] }) };
      const ids = (type: ObjectType) =>
        marks.filter((m) => m.objectType === type).map((m) => m.objectId);
      const read = await inputs(first.portalId, {
        contactIds: ids('contact'),
        companyIds: ids('company'),
        touchIds: ids('touch'),
        findingScopes: [
          { ruleIds: rules.contact, objectType: 'contact', ids: ids('contact') },
          { ruleIds: rules.touch, objectType: 'touch', ids: ids('touch') },
        ],
      });
      return { marks, more, read };
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
