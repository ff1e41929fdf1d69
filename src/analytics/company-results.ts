import {
  CompanyTally,
  type CompanyContact,
  type CompanyInsight,
} from '../domain/company-insight.js';
import type { PortalId } from '../domain/types.js';
import type { RecomputeInputs } from '../store/repositories/recompute-store.js';
import type { Repositories } from '../store/store.js';

/** What a batch's contacts came to, as its companies need it. */
export interface ContactOutcome {
  /** What the batch read, the other members of moved duplicate groups included. */
  inputs: RecomputeInputs;
  /** The changed contacts and those other members. */
  affectedIds: readonly number[];
  /** Their fresh insights (an archived contact has none). */
  fresh: ReadonlyMap<number, CompanyContact>;
}

/**
 * The insights of every company the batch touched, once its contacts' results are written: each
 * stored tally with the affected contacts' old parts swapped for their fresh ones, read from those
 * contacts alone. A company is recounted from all its contacts only when a swap cannot be trusted:
 * it was asked for or is marked (a contact joined or left it since its tally), its row predates
 * the stored tallies, or its strongest contact got weaker. A company left with no live contact
 * has no insight, as after a full run.
 */
export async function recomputeCompanies(
  repos: Repositories,
  portalId: PortalId,
  outcome: ContactOutcome,
  askedIds: readonly number[],
): Promise<{ companyIds: number[]; insights: CompanyInsight[] }> {
  const { inputs, fresh } = outcome;
  const swapped = swapTallies(inputs, fresh, askedIds);
  if (swapped.recount.length === 0) return swapped;
  const unread = swapped.recount.filter((id) => !askedIds.includes(id));
  const members =
    unread.length === 0
      ? inputs.members
      : [...inputs.members, ...(await repos.recompute.members(portalId, unread))];
  const recounted = tallyCompanies(
    swapped.recount,
    membersOnceWritten({ links: inputs.links, members }, new Set(outcome.affectedIds), fresh),
  );
  return { companyIds: swapped.companyIds, insights: [...swapped.insights, ...recounted] };
}

/** The swaps that can be trusted, and the companies left to recount. */
function swapTallies(
  inputs: RecomputeInputs,
  fresh: ReadonlyMap<number, CompanyContact>,
  askedIds: readonly number[],
): { companyIds: number[]; insights: CompanyInsight[]; recount: number[] } {
  const companyIds = [...new Set([...askedIds, ...inputs.links.map((l) => l.companyId)])];
  const recount = new Set([...askedIds, ...inputs.recount]);
  const old = new Map(inputs.contactTallies.map((c) => [c.contactId, c]));
  const stored = new Map(inputs.tallies.map((t) => [t.companyId, t]));
  const linked = new Map<number, number[]>();
  for (const { companyId, contactId } of inputs.links) {
    const contacts = linked.get(companyId) ?? [];
    linked.set(companyId, contacts);
    contacts.push(contactId);
  }

  const insights: CompanyInsight[] = [];
  for (const companyId of companyIds) {
    if (recount.has(companyId)) continue;
    const before = stored.get(companyId);
    // No row: the company had no live contact when last tallied.
    const tally = before ? CompanyTally.resume(before) : new CompanyTally(companyId);
    const swaps = linked.get(companyId) ?? [];
    if (swaps.every((id) => tally.replaceContact(old.get(id), fresh.get(id)))) {
      const insight = tally.result();
      if (insight.contacts > 0) insights.push(insight);
    } else recount.add(companyId);
  }
  return { companyIds, insights, recount: [...recount] };
}

/**
 * Each linked company's live contacts once the batch's results are written: those stored, with
 * the affected contacts' fresh insights in place of what was read of them (an archived contact
 * has none, and leaves its companies).
 */
function membersOnceWritten(
  inputs: Pick<RecomputeInputs, 'links' | 'members'>,
  affected: ReadonlySet<number>,
  fresh: ReadonlyMap<number, CompanyContact>,
): Map<number, CompanyContact[]> {
  const out = new Map<number, CompanyContact[]>();
  const add = (companyId: number, member: CompanyContact | undefined) => {
    const members = out.get(companyId) ?? [];
    out.set(companyId, members);
    if (member) members.push(member);
  };
  for (const link of inputs.links) add(link.companyId, fresh.get(link.contactId));
  for (const m of inputs.members) if (!affected.has(m.contactId)) add(m.companyId, m);
  return out;
}

/** Tallies each company from its members; a company left with no live contact has no insight. */
export function tallyCompanies(
  companyIds: readonly number[],
  members: ReadonlyMap<number, readonly CompanyContact[]>,
): CompanyInsight[] {
  const insights = [];
  for (const companyId of companyIds) {
    const contacts = members.get(companyId) ?? [];
    if (contacts.length === 0) continue;
    const tally = new CompanyTally(companyId);
    for (const c of contacts) tally.addContact(c);
    insights.push(tally.result());
  }
  return insights;
}
