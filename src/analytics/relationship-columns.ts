import type { Relationship } from '../domain/contact-insight.js';
import type { Grade, Trend } from '../domain/strength.js';
import type { ColumnRows } from '../store/bulk/bulk-loader.js';
import { flag } from '../store/repositories/db.js';
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
  analyzed: { relationships: (Relationship & { contactId: number })[] }[],
  packed: PackedRelationships,
): void {
  const lists = unflatten(packed.counts, (i) => relationshipAt(packed, i));
  analyzed.forEach((a, c) => (a.relationships = lists[c] ?? []));
}

const number = (p: PackedRelationships, i: number, field: number): number =>
  p.numbers[i * FIELDS + field] ?? Number.NaN;

/** Relationship i of the page, as the analysis made it. */
export function relationshipAt(
  p: PackedRelationships,
  i: number,
): Relationship & { contactId: number } {
  const code = p.codes[i] ?? 0;
  return {
    contactId: number(p, i, 0),
    ownerId: number(p, i, 1),
    score: number(p, i, 2),
    grade: GRADES[code & 3] ?? 'weak',
    scoreBefore: number(p, i, 3),
    trend: TRENDS[(code >> 2) & 3] ?? 'steady',
    touchCount: number(p, i, 4),
    inboundCount: number(p, i, 5),
    lastTouchAt: orNull(number(p, i, 6)),
    capped: (code & 16) !== 0,
    reason: p.reasons[i] ?? '',
    scoreAtDeparture: orNull(number(p, i, 7)),
  };
}

/** Relationship i's networker and scores, read in place into `out` (what the run's tallies need). */
export function tieAt(
  p: PackedRelationships,
  i: number,
  out: { ownerId: number; score: number; scoreBefore: number },
): void {
  out.ownerId = number(p, i, 1);
  out.score = number(p, i, 2);
  out.scoreBefore = number(p, i, 3);
}

/** The page's relationships as rows of the relationships table, with no object per row. */
export function relationshipRows(
  portalId: number,
  p: PackedRelationships,
): ColumnRows<'relationships'> {
  return {
    // The order `toRelationshipRow` gives its row objects.
    columns: [
      'portal_id',
      'contact_id',
      'owner_id',
      'score',
      'score_before',
      'score_at_departure',
      'grade',
      'trend',
      'touch_count',
      'inbound_count',
      'last_touch_at',
      'capped',
      'reason',
    ],
    count: p.codes.length,
    fill(i, row) {
      const code = p.codes[i] ?? 0;
      row[0] = portalId;
      row[1] = number(p, i, 0);
      row[2] = number(p, i, 1);
      row[3] = number(p, i, 2);
      row[4] = number(p, i, 3);
      row[5] = orNull(number(p, i, 7));
      row[6] = GRADES[code & 3] ?? 'weak';
      row[7] = TRENDS[(code >> 2) & 3] ?? 'steady';
      row[8] = number(p, i, 4);
      row[9] = number(p, i, 5);
      row[10] = orNull(number(p, i, 6));
      row[11] = flag((code & 16) !== 0);
      row[12] = p.reasons[i] ?? '';
    },
  };
}
