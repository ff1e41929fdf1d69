import type { Grade, Trend } from '../domain/strength.js';
import { flatten, orNaN, orNull, unflatten } from './columns.js';
import type { AnalyzedContact } from './contact-pass.js';

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

/** Moves the page's relationships out of `analyzed` (left with none) into columns. */
export function packRelationships(analyzed: AnalyzedContact[]): PackedRelationships {
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
export function unpackRelationships(
  analyzed: AnalyzedContact[],
  packed: PackedRelationships,
): void {
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
