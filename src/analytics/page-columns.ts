import { DUPLICATE_KINDS } from '../domain/contact-keys.js';
import { flatten, orNaN, orNull, unflatten } from './columns.js';
import type { AnalyzedContact } from './contact-pass.js';
import {
  packRelationships,
  unpackRelationships,
  type PackedRelationships,
} from './relationship-columns.js';

/** What a packed contact holds in place of its insight until it is unpacked. */
const EMPTY_INSIGHT = {} as AnalyzedContact['insight'];

/**
 * A page's analysis as it travels between threads: numbers and flags in moved buffers, texts as
 * string arrays, findings as JSON texts (what the store keeps of them: structured clone wrote
 * and read a page's 20,000 contact objects with their findings in 75 + 59 ms, JSON its findings
 * in 60 + 26 ms).
 */
export interface PackedPage {
  relationships: PackedRelationships;
  insights: PackedInsights;
  keys: PackedKeys;
  companies: { counts: Uint32Array<ArrayBuffer>; ids: Float64Array<ArrayBuffer> };
  /**
   * Each contact's findings, in page order: JSON arrays of per-contact lists, one per part the page
   * was packed in. Not joined into one text: joining a page's parts cost the analysis thread 2.1 s
   * over a million contacts, and the texts are parsed in turn, as their join was.
   */
  findings: string[];
}

/** Moves a page's analysis out of `analyzed` (left as empty shells) into columns. */
export function packPage(analyzed: AnalyzedContact[]): PackedPage {
  const companies = flatten(analyzed, (a) => a.companyIds);
  const page: PackedPage = {
    relationships: packRelationships(analyzed),
    insights: packInsights(analyzed),
    keys: packKeys(analyzed),
    companies: { counts: companies.counts, ids: Float64Array.from(companies.items) },
    findings: [JSON.stringify(analyzed.map((a) => a.findings))],
  };
  for (const a of analyzed) {
    a.companyIds = [];
    a.findings = [];
  }
  return page;
}

/** The buffers a packed page moves (not copies) to the other thread. */
export function pageBuffers(p: PackedPage): ArrayBuffer[] {
  return [
    p.relationships.counts.buffer,
    p.relationships.numbers.buffer,
    p.relationships.codes.buffer,
    p.insights.numbers.buffer,
    p.insights.flags.buffer,
    p.insights.strongCounts.buffer,
    p.insights.strongOwnerIds.buffer,
    p.keys.counts.buffer,
    p.keys.kinds.buffer,
    p.companies.counts.buffer,
    p.companies.ids.buffer,
  ];
}

/** A contact's analysis on the main thread: all of it but its relationships. */
export type PageContact = Omit<AnalyzedContact, 'relationships'>;

/**
 * A page's analysis as the main thread takes it: each contact's insight, findings, keys and
 * companies as objects; the relationships (1.6M in a 1M run) left as columns, which the run writes
 * and tallies from without an object for each.
 */
export interface AnalyzedPage {
  contacts: PageContact[];
  relationships: PackedRelationships;
}

export function unpackPage(p: PackedPage): AnalyzedPage {
  const findings: AnalyzedContact['findings'][] = [];
  for (const text of p.findings)
    for (const own of JSON.parse(text) as AnalyzedContact['findings'][]) findings.push(own);
  const companies = unflatten(p.companies.counts, (i) => p.companies.ids[i] ?? 0);
  const contacts = findings.map((own, c): PageContact => ({
    insight: EMPTY_INSIGHT,
    findings: own,
    keys: [],
    companyIds: companies[c] ?? [],
  }));
  unpackInsights(contacts, p.insights);
  unpackKeys(contacts, p.keys);
  return { contacts, relationships: p.relationships };
}

/** A page analysed on this thread, as the run takes one: only its relationships become columns. */
export function analyzedPage(analyzed: AnalyzedContact[]): AnalyzedPage {
  const relationships = packRelationships(analyzed);
  return { contacts: analyzed, relationships };
}

/** The page's contacts with their relationships as objects, as the analysis made them. */
export function withRelationships(page: AnalyzedPage): AnalyzedContact[] {
  const analyzed = page.contacts.map((c): AnalyzedContact => ({ relationships: [], ...c }));
  unpackRelationships(analyzed, page.relationships);
  return analyzed;
}

/** One insight per analysed contact; the owners with a strong tie flattened with their counts. */
export interface PackedInsights {
  /** Per contact: contactId, threads, maxScore, strongestOwnerId, strongestActiveOwnerId, ownerScore, lastTouchAt, hygieneScore (NaN for null). */
  numbers: Float64Array<ArrayBuffer>;
  /** keyStakeholder, singleThreaded, cold, unthreaded, orphaned, ownerMismatch as bits 0–5. */
  flags: Uint8Array<ArrayBuffer>;
  strongCounts: Uint32Array<ArrayBuffer>;
  strongOwnerIds: Float64Array<ArrayBuffer>;
}

const INSIGHT_FIELDS = 8;
const FLAGS = [
  'keyStakeholder',
  'singleThreaded',
  'cold',
  'unthreaded',
  'orphaned',
  'ownerMismatch',
] as const;

function packInsights(analyzed: AnalyzedContact[]): PackedInsights {
  let strong = 0;
  for (const a of analyzed) strong += a.insight.strongOwnerIds.length;
  const out: PackedInsights = {
    numbers: new Float64Array(analyzed.length * INSIGHT_FIELDS),
    flags: new Uint8Array(analyzed.length),
    strongCounts: new Uint32Array(analyzed.length),
    strongOwnerIds: new Float64Array(strong),
  };
  let s = 0;
  analyzed.forEach((a, c) => {
    const i = a.insight;
    const at = c * INSIGHT_FIELDS;
    out.numbers[at] = i.contactId;
    out.numbers[at + 1] = i.threads;
    out.numbers[at + 2] = i.maxScore;
    out.numbers[at + 3] = orNaN(i.strongestOwnerId);
    out.numbers[at + 4] = orNaN(i.strongestActiveOwnerId);
    out.numbers[at + 5] = i.ownerScore;
    out.numbers[at + 6] = orNaN(i.lastTouchAt);
    out.numbers[at + 7] = i.hygieneScore;
    out.flags[c] = FLAGS.reduce((bits, flag, b) => bits | (i[flag] ? 1 << b : 0), 0);
    out.strongCounts[c] = i.strongOwnerIds.length;
    out.strongOwnerIds.set(i.strongOwnerIds, s);
    s += i.strongOwnerIds.length;
    a.insight = EMPTY_INSIGHT;
  });
  return out;
}

function unpackInsights(analyzed: PageContact[], p: PackedInsights): void {
  // Read straight from the columns: a closure and a typed subarray per contact made a page's
  // unpacking 8–15 ms at best, this 1.1–1.9 ms (20,000 contacts, four rounds of thirty runs).
  const { numbers, flags, strongCounts, strongOwnerIds: owners } = p;
  const at = (c: number, field: number) => numbers[c * INSIGHT_FIELDS + field] ?? Number.NaN;
  let s = 0;
  analyzed.forEach((a, c) => {
    const bits = flags[c] ?? 0;
    const count = strongCounts[c] ?? 0;
    const strongOwnerIds: number[] = [];
    for (let k = 0; k < count; k += 1) strongOwnerIds.push(owners[s + k] ?? 0);
    s += count;
    a.insight = {
      contactId: at(c, 0),
      keyStakeholder: (bits & 1) !== 0,
      threads: at(c, 1),
      maxScore: at(c, 2),
      strongestOwnerId: orNull(at(c, 3)),
      strongestActiveOwnerId: orNull(at(c, 4)),
      ownerScore: at(c, 5),
      singleThreaded: (bits & 2) !== 0,
      cold: (bits & 4) !== 0,
      unthreaded: (bits & 8) !== 0,
      orphaned: (bits & 16) !== 0,
      ownerMismatch: (bits & 32) !== 0,
      lastTouchAt: orNull(at(c, 6)),
      strongOwnerIds,
      hygieneScore: at(c, 7),
    };
  });
}

/** A page's duplicate keys: each contact's count, then per key its kind's code and its text. */
export interface PackedKeys {
  counts: Uint32Array<ArrayBuffer>;
  kinds: Uint8Array<ArrayBuffer>;
  keys: string[];
}

function packKeys(analyzed: AnalyzedContact[]): PackedKeys {
  const { counts, items } = flatten(analyzed, (a) => a.keys);
  const out: PackedKeys = {
    counts,
    kinds: new Uint8Array(items.length),
    keys: items.map((k) => k.key),
  };
  items.forEach((k, i) => (out.kinds[i] = DUPLICATE_KINDS.indexOf(k.kind)));
  for (const a of analyzed) a.keys = [];
  return out;
}

function unpackKeys(analyzed: PageContact[], p: PackedKeys): void {
  // A key's holder is its contact: not sent, taken from the contact's (unpacked) insight.
  const lists = unflatten(p.counts, (i, c) => ({
    kind: DUPLICATE_KINDS[p.kinds[i] ?? 0] ?? 'email',
    key: p.keys[i] ?? '',
    contactId: analyzed[c]?.insight.contactId ?? 0,
  }));
  analyzed.forEach((a, c) => (a.keys = lists[c] ?? []));
}
