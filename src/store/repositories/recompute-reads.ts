/**
 * A recompute's reads: seven kinds of rows for the contacts, companies and touches a batch took.
 * On PostgreSQL they go as one statement whose columns are JSON arrays, parsed by the same row
 * mappers as SQLite's plain statements; and a batch without a network change takes its marks in
 * that same statement (`takeAndRead`), so that its reads cost no round trip of their own.
 */
import { sql, type Expression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CompanyInsight } from '../../domain/company-insight.js';
import type { ObjectType } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import {
  companyMembersQuery,
  contactTalliesQuery,
  markedCompaniesQuery,
  storedTalliesQuery,
  toCompanyContact,
  toCompanyMember,
} from './company-tally-reads.js';
import {
  activeContactsQuery,
  companyLinksQuery,
  toCompanyLink,
  toContact,
} from './contact-rows.js';
import { groupsQuery, toContactKey } from './contact-key-repository.js';
import { mayName, type Db, type IdsRef, type PortalRef } from './db.js';
import { marksPresent, markRemoval, takenMarks, type TakeInput } from './dirty-repository.js';
import {
  inScope,
  openFindingsQuery,
  toOpenFinding,
  type FindingScope,
} from './finding-reconcile.js';
import { toStoredTally } from './insight-rows.js';
import type { RecomputeInputs } from './recompute-store.js';
import { statementTemplate } from './statement-template.js';
import {
  contactTouchesQuery,
  toContactTouch,
  toUnassociated,
  unassociatedQuery,
} from './touch-reads.js';

export interface ReadInput {
  portalId: PortalRef;
  contactIds: IdsRef;
  companyIds: IdsRef;
  touchIds: IdsRef;
  scopes: readonly FindingScope[];
}

function readQueries(db: Db, { portalId, contactIds, companyIds, touchIds, scopes }: ReadInput) {
  return {
    openFindings: openFindingsQuery(db, portalId, scopes),
    contacts: activeContactsQuery(db, portalId, contactIds),
    groups: groupsQuery(db, portalId, contactIds),
    touches: contactTouchesQuery(db, portalId, contactIds),
    links: companyLinksQuery(db, portalId, contactIds),
    contactTallies: contactTalliesQuery(db, portalId, contactIds),
    tallies: storedTalliesQuery(db, portalId, contactIds),
    marked: markedCompaniesQuery(db, portalId, contactIds),
    members: companyMembersQuery(db, portalId, companyIds),
    unassociated: unassociatedQuery(db, portalId, touchIds),
  };
}

/** Which of a read's queries may find rows: one of no ids is not sent (`in ()` is no SQL). */
const asked = ({ contactIds, companyIds, touchIds, scopes }: ReadInput) => ({
  contacts: mayName(contactIds),
  members: mayName(companyIds),
  touches: mayName(touchIds),
  findings: inScope(scopes),
});

/** A read's queries as JSON array columns of one row (PostgreSQL's). */
function readColumns(db: Db, input: ReadInput) {
  const q = readQueries(db, input);
  const some = asked(input);
  const json = <O>(asked: boolean, query: Expression<O>) =>
    asked ? jsonArrayFrom(query) : (sql`'[]'::json` as ReturnType<typeof jsonArrayFrom<O>>);
  return [
    json(some.contacts, q.contacts).as('contacts'),
    json(some.contacts, q.groups).as('groups'),
    json(some.contacts, q.touches).as('touches'),
    json(some.contacts, q.links).as('links'),
    json(some.contacts, q.contactTallies).as('contactTallies'),
    json(some.contacts, q.tallies).as('tallies'),
    json(some.contacts, q.marked).as('marked'),
    json(some.members, q.members).as('members'),
    json(some.touches, q.unassociated).as('unassociated'),
    json(some.findings, q.openFindings).as('openFindings'),
  ] as const;
}

/** PostgreSQL's one statement of a read: each query's rows as a JSON array column. */
export const mergedRead = statementTemplate((db: Db, input: ReadInput) =>
  db.selectNoFrom(readColumns(db, input)),
);

/** The rule ids whose findings a batch audits, by the kind of record marked. */
export interface AuditedRules {
  contact: readonly string[];
  touch: readonly string[];
}

/**
 * A take and the read of what it takes, as one statement (PostgreSQL's): the read names the taken
 * marks' portal and ids by subqueries of the `taken` removal, whose returned rows the rest of the
 * statement sees. It is what a batch without a networker's, team's, role's or activity's mark
 * reads; a batch with one reads again once the network is reloaded.
 */
export const takeAndRead = statementTemplate(
  (db: Db, of: TakeInput & { rules: AuditedRules }, dialect) => {
    const taken = (type: ObjectType) =>
      sql<readonly number[]>`array(select "object_id" from "taken" where "object_type" = ${type})`;
    const read: ReadInput = {
      portalId: sql<number>`(select "portal_id" from "taken" limit 1)`,
      contactIds: taken('contact'),
      companyIds: taken('company'),
      touchIds: taken('touch'),
      scopes: [
        { ruleIds: of.rules.contact, objectType: 'contact', ids: taken('contact') },
        { ruleIds: of.rules.touch, objectType: 'touch', ids: taken('touch') },
      ],
    };
    return db
      .with('taken', () => markRemoval(db, dialect, of))
      .selectNoFrom((eb) => [
        jsonArrayFrom(eb.selectFrom('taken').selectAll()).as('taken'),
        marksPresent(db, of).as('present'),
        ...readColumns(db, read),
      ]);
  },
);

type ReadRow = Awaited<ReturnType<typeof mergedRead.rows>>[number];

/** A merged read's row as the recompute's inputs. */
export function fromReadRow(row: ReadRow): RecomputeInputs {
  return {
    contacts: row.contacts.map(toContact),
    groups: row.groups.map(toContactKey),
    touches: row.touches.map(toContactTouch),
    links: row.links.map(toCompanyLink),
    ...companyTallies(row.contactTallies, row.tallies, row.marked),
    members: row.members.map(toCompanyMember),
    unassociated: row.unassociated.map(toUnassociated),
    openFindings: row.openFindings.map(toOpenFinding),
  };
}

/** One read: SQLite's statements one by one (in process, they cost no trip), PostgreSQL's as one. */
export async function readOnce(
  db: Db,
  dialect: Dialect,
  input: ReadInput,
): Promise<RecomputeInputs> {
  if (dialect === 'postgres') {
    const [row] = await mergedRead.rows(db, dialect, input);
    if (!row) throw new Error('the merged read returned no row');
    return fromReadRow(row);
  }
  const q = readQueries(db, input);
  const some = asked(input);
  const rows = <O>(asked: boolean, query: { execute(): Promise<O[]> }) =>
    asked ? query.execute() : [];
  return {
    contacts: (await rows(some.contacts, q.contacts)).map(toContact),
    groups: (await rows(some.contacts, q.groups)).map(toContactKey),
    touches: (await rows(some.contacts, q.touches)).map(toContactTouch),
    links: (await rows(some.contacts, q.links)).map(toCompanyLink),
    ...companyTallies(
      await rows(some.contacts, q.contactTallies),
      await rows(some.contacts, q.tallies),
      await rows(some.contacts, q.marked),
    ),
    members: (await rows(some.members, q.members)).map(toCompanyMember),
    unassociated: (await rows(some.touches, q.unassociated)).map(toUnassociated),
    openFindings: (await rows(some.findings, q.openFindings)).map(toOpenFinding),
  };
}

/** The read's company tallies: those to resume, and those to recount. */
function companyTallies(
  contactRows: Parameters<typeof toCompanyContact>[0][],
  tallyRows: Parameters<typeof toStoredTally>[0][],
  markedRows: { object_id: number }[],
): Pick<RecomputeInputs, 'contactTallies' | 'tallies' | 'recount'> {
  const tallies: CompanyInsight[] = [];
  const recount = new Set(markedRows.map((r) => Number(r.object_id)));
  for (const row of tallyRows) {
    const tally = toStoredTally(row);
    if (tally) tallies.push(tally);
    else recount.add(Number(row.company_id));
  }
  return { contactTallies: contactRows.map(toCompanyContact), tallies, recount: [...recount] };
}

/** A take-and-read's row: the marks taken, whether more were there, and the read. */
export async function takeAndReadOnce(
  db: Db,
  dialect: Dialect,
  of: TakeInput & { rules: AuditedRules },
) {
  const [row] = await takeAndRead.rows(db, dialect, of);
  if (!row) throw new Error('the take and read returned no row');
  return { ...takenMarks(row.taken, Number(row.present)), read: fromReadRow(row) };
}
