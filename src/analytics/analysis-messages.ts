import type { Contact } from '../domain/types.js';
import type { PackedTouches } from '../store/packed-touches.js';
import { DUPLICATE_KINDS } from '../domain/contact-keys.js';
import type { Grade, Trend } from '../domain/strength.js';
import type { AnalyzedContact } from './contact-pass.js';
import type { PortalData } from './load-context.js';

/** What the analysis thread starts with: the portal's rows, analysed as of one instant. */
export interface AnalysisInit {
  data: PortalData;
  asOf: number;
}

export interface PageRequest {
  id: number;
  contacts: PackedContacts;
  touches: PackedTouches;
  /** (contact, company) pairs, flattened. */
  links: Float64Array<ArrayBuffer>;
}

/**
 * A page's contacts as columns on the way to the analysis: their numbers in one moved buffer,
 * their texts in one array (structured clone read 20,000 contact objects back property by
 * property: 22–39 ms a page).
 */
export interface PackedContacts {
  /** Per contact: contactId, ownerId, primaryCompanyId, createdAt, updatedAt (NaN for null). */
  numbers: Float64Array<ArrayBuffer>;
  keyStakeholder: Uint8Array<ArrayBuffer>;
  /** Per contact, TEXT_FIELDS in order. */
  texts: (string | null)[];
}

const TEXT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'jobTitle',
  'companyName',
  'linkedinUrl',
  'lifecycleStage',
] as const;
const CONTACT_NUMBERS = 5;

export function packContacts(contacts: readonly Contact[]): PackedContacts {
  const out: PackedContacts = {
    numbers: new Float64Array(contacts.length * CONTACT_NUMBERS),
    keyStakeholder: new Uint8Array(contacts.length),
    texts: new Array<string | null>(contacts.length * TEXT_FIELDS.length),
  };
  contacts.forEach((c, i) => {
    const at = i * CONTACT_NUMBERS;
    out.numbers[at] = c.contactId;
    out.numbers[at + 1] = orNaN(c.ownerId);
    out.numbers[at + 2] = orNaN(c.primaryCompanyId);
    out.numbers[at + 3] = c.createdAt;
    out.numbers[at + 4] = c.updatedAt;
    out.keyStakeholder[i] = c.isKeyStakeholder ? 1 : 0;
    TEXT_FIELDS.forEach((field, f) => {
      out.texts[i * TEXT_FIELDS.length + f] = c[field];
    });
  });
  return out;
}

export function unpackContacts(p: PackedContacts): Contact[] {
  const out = new Array<Contact>(p.keyStakeholder.length);
  for (let i = 0; i < out.length; i += 1) {
    const at = i * CONTACT_NUMBERS;
    const n = (field: number) => p.numbers[at + field] ?? Number.NaN;
    const t = (field: number) => p.texts[i * TEXT_FIELDS.length + field] ?? null;
    out[i] = {
      contactId: n(0),
      email: t(0),
      firstName: t(1),
      lastName: t(2),
      phone: t(3),
      jobTitle: t(4),
      companyName: t(5),
      linkedinUrl: t(6),
      lifecycleStage: t(7),
      ownerId: orNull(n(1)),
      primaryCompanyId: orNull(n(2)),
      isKeyStakeholder: p.keyStakeholder[i] === 1,
      createdAt: n(3),
      updatedAt: n(4),
    };
  }
  return out;
}

export type AnalysisReply =
  { id: number; analyzed: AnalyzedContact[]; packed: PackedPage } | { id: number; error: string };

/** What of a page's analysis travels as columns; `analyzed` keeps its companies and findings. */
export interface PackedPage {
  relationships: PackedRelationships;
  insights: PackedInsights;
  keys: PackedKeys;
}

/** Moves a page's relationships, insights and keys out of `analyzed` into columns. */
export function packPage(analyzed: AnalyzedContact[]): PackedPage {
  return {
    relationships: packRelationships(analyzed),
    insights: packInsights(analyzed),
    keys: packKeys(analyzed),
  };
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
  ];
}

/** Puts a packed page back into its analysed contacts, as the analysis made them. */
export function unpackPage(analyzed: AnalyzedContact[], p: PackedPage): void {
  unpackRelationships(analyzed, p.relationships);
  unpackInsights(analyzed, p.insights);
  unpackKeys(analyzed, p.keys);
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

function unpackInsights(analyzed: AnalyzedContact[], p: PackedInsights): void {
  let s = 0;
  analyzed.forEach((a, c) => {
    const at = c * INSIGHT_FIELDS;
    const n = (field: number) => p.numbers[at + field] ?? Number.NaN;
    const bits = p.flags[c] ?? 0;
    const count = p.strongCounts[c] ?? 0;
    const strongOwnerIds = Array.from(p.strongOwnerIds.subarray(s, s + count));
    s += count;
    a.insight = {
      contactId: n(0),
      keyStakeholder: (bits & 1) !== 0,
      threads: n(1),
      maxScore: n(2),
      strongestOwnerId: orNull(n(3)),
      strongestActiveOwnerId: orNull(n(4)),
      ownerScore: n(5),
      singleThreaded: (bits & 2) !== 0,
      cold: (bits & 4) !== 0,
      unthreaded: (bits & 8) !== 0,
      orphaned: (bits & 16) !== 0,
      ownerMismatch: (bits & 32) !== 0,
      lastTouchAt: orNull(n(6)),
      strongOwnerIds,
      hygieneScore: n(7),
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

function unpackKeys(analyzed: AnalyzedContact[], p: PackedKeys): void {
  const lists = unflatten(p.counts, (i) => ({
    kind: DUPLICATE_KINDS[p.kinds[i] ?? 0] ?? 'email',
    key: p.keys[i] ?? '',
    contactId: 0,
  }));
  analyzed.forEach((a, c) => {
    const keys = lists[c] ?? [];
    // A key's holder is its contact: not sent, set here.
    for (const k of keys) k.contactId = a.insight.contactId;
    a.keys = keys;
  });
}

/**
 * A page's relationships as columns: structured clone rebuilt each of its 30,000 objects property
 * by property on the main thread (a page's reply took 100 ms to serialize and 130–160 ms to read
 * back, most of it relationships), where numbers in one moved buffer and the reasons as strings
 * cost a few milliseconds. `counts` gives each analysed contact's share, in order.
 */
export interface PackedRelationships {
  counts: Uint32Array<ArrayBuffer>;
  /** Per relationship: contactId, ownerId, score, scoreBefore, touchCount, inboundCount, lastTouchAt, scoreAtDeparture (NaN for null). */
  numbers: Float64Array<ArrayBuffer>;
  /** grade | trend << 2 | capped << 4 */
  codes: Uint8Array<ArrayBuffer>;
  reasons: string[];
}

const FIELDS = 8;
/** What a packed contact holds in place of its insight until it is unpacked. */
const EMPTY_INSIGHT = {} as AnalyzedContact['insight'];
const GRADES: readonly Grade[] = ['weak', 'familiar', 'strong'];
const TRENDS: readonly Trend[] = ['falling', 'steady', 'rising'];
const orNaN = (n: number | null): number => (n === null ? Number.NaN : n);
const orNull = (n: number): number | null => (Number.isNaN(n) ? null : n);

/** Moves the page's relationships out of `analyzed` (left with none) into columns. */
function packRelationships(analyzed: AnalyzedContact[]): PackedRelationships {
  const { counts, items } = flatten(analyzed, (a) => a.relationships);
  const out: PackedRelationships = {
    counts,
    numbers: new Float64Array(items.length * FIELDS),
    codes: new Uint8Array(items.length),
    reasons: new Array<string>(items.length),
  };
  items.forEach((r, i) => {
    const at = i * FIELDS;
    out.numbers[at] = r.contactId;
    out.numbers[at + 1] = r.ownerId;
    out.numbers[at + 2] = r.score;
    out.numbers[at + 3] = r.scoreBefore;
    out.numbers[at + 4] = r.touchCount;
    out.numbers[at + 5] = r.inboundCount;
    out.numbers[at + 6] = orNaN(r.lastTouchAt);
    out.numbers[at + 7] = orNaN(r.scoreAtDeparture);
    out.codes[i] = GRADES.indexOf(r.grade) | (TRENDS.indexOf(r.trend) << 2) | (r.capped ? 16 : 0);
    out.reasons[i] = r.reason;
  });
  for (const x of analyzed) x.relationships = [];
  return out;
}

/** Puts the relationships back into the page's analysed contacts, as the analysis made them. */
function unpackRelationships(analyzed: AnalyzedContact[], packed: PackedRelationships): void {
  const lists = unflatten(packed.counts, (i) => {
    const at = i * FIELDS;
    const n = (field: number) => packed.numbers[at + field] ?? Number.NaN;
    const code = packed.codes[i] ?? 0;
    return {
      contactId: n(0),
      ownerId: n(1),
      score: n(2),
      grade: GRADES[code & 3] ?? 'weak',
      scoreBefore: n(3),
      trend: TRENDS[(code >> 2) & 3] ?? 'steady',
      touchCount: n(4),
      inboundCount: n(5),
      lastTouchAt: orNull(n(6)),
      capped: (code & 16) !== 0,
      reason: packed.reasons[i] ?? '',
      scoreAtDeparture: orNull(n(7)),
    };
  });
  analyzed.forEach((a, c) => (a.relationships = lists[c] ?? []));
}

/** Each contact's count of a nested list, and every item of the page in order. */
function flatten<T>(
  analyzed: readonly AnalyzedContact[],
  list: (a: AnalyzedContact) => readonly T[],
): { counts: Uint32Array<ArrayBuffer>; items: T[] } {
  const counts = new Uint32Array(analyzed.length);
  const items: T[] = [];
  analyzed.forEach((a, c) => {
    const own = list(a);
    counts[c] = own.length;
    for (const item of own) items.push(item);
  });
  return { counts, items };
}

/** The nested lists back, each contact's share of the items built in page order. */
function unflatten<T>(counts: Uint32Array, build: (index: number) => T): T[][] {
  const lists = new Array<T[]>(counts.length);
  let index = 0;
  counts.forEach((count, c) => {
    const own = new Array<T>(count);
    for (let k = 0; k < count; k += 1, index += 1) own[k] = build(index);
    lists[c] = own;
  });
  return lists;
}

export function packLinks(
  links: readonly { contactId: number; companyId: number }[],
): Float64Array<ArrayBuffer> {
  const out = new Float64Array(links.length * 2);
  links.forEach((l, i) => {
    out[2 * i] = l.contactId;
    out[2 * i + 1] = l.companyId;
  });
  return out;
}

export function unpackLinks(packed: Float64Array): { contactId: number; companyId: number }[] {
  const out = new Array<{ contactId: number; companyId: number }>(packed.length / 2);
  for (let i = 0; i < out.length; i += 1)
    out[i] = { contactId: packed[2 * i] ?? 0, companyId: packed[2 * i + 1] ?? 0 };
  return out;
}
