import type { Contact } from '../domain/types.js';
import type { PackedTouches } from '../store/packed-touches.js';
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
  contacts: Contact[];
  touches: PackedTouches;
  /** (contact, company) pairs, flattened. */
  links: Float64Array<ArrayBuffer>;
}

export type AnalysisReply =
  | { id: number; analyzed: AnalyzedContact[]; relationships: PackedRelationships }
  | { id: number; error: string };

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
const GRADES: readonly Grade[] = ['weak', 'familiar', 'strong'];
const TRENDS: readonly Trend[] = ['falling', 'steady', 'rising'];
const orNaN = (n: number | null): number => (n === null ? Number.NaN : n);
const orNull = (n: number): number | null => (Number.isNaN(n) ? null : n);

/** Moves the page's relationships out of `analyzed` (left with none) into columns. */
export function packRelationships(analyzed: AnalyzedContact[]): PackedRelationships {
  let total = 0;
  for (const a of analyzed) total += a.relationships.length;
  const out: PackedRelationships = {
    counts: new Uint32Array(analyzed.length),
    numbers: new Float64Array(total * FIELDS),
    codes: new Uint8Array(total),
    reasons: new Array<string>(total),
  };
  let i = 0;
  analyzed.forEach((a, c) => {
    out.counts[c] = a.relationships.length;
    for (const r of a.relationships) {
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
      i += 1;
    }
    a.relationships = [];
  });
  return out;
}

/** Puts the relationships back into the page's analysed contacts, as the analysis made them. */
export function unpackRelationships(
  analyzed: AnalyzedContact[],
  packed: PackedRelationships,
): void {
  let i = 0;
  analyzed.forEach((a, c) => {
    const count = packed.counts[c] ?? 0;
    const relationships: AnalyzedContact['relationships'] = new Array(count);
    for (let k = 0; k < count; k += 1, i += 1) {
      const at = i * FIELDS;
      const n = (field: number) => packed.numbers[at + field] ?? Number.NaN;
      const code = packed.codes[i] ?? 0;
      relationships[k] = {
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
    }
    a.relationships = relationships;
  });
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
