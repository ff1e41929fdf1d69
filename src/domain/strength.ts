import type { Settings } from './settings.js';
import { DAY_MS } from './time.js';
import {
  sortTouches,
  typeCode,
  typeRank,
  weightsByCode,
  type SortedTouches,
} from './sorted-touches.js';
import { TOUCH_TYPES, type EpochMs, type TouchType } from './types.js';

export type StrengthSettings = Settings['strength'];
export type Grade = 'strong' | 'familiar' | 'weak';
export type Trend = 'rising' | 'steady' | 'falling';

/** What strength needs of a touch between one networker and one contact. */
export interface PairTouch {
  type: TouchType;
  occurredAt: EpochMs;
}

export interface PairStrength {
  /** 0–100, rounded to two decimals so every path that computes it agrees exactly. */
  score: number;
  grade: Grade;
  /** The score as it stood `trendWindowDays` earlier, from the touches before then. */
  scoreBefore: number;
  trend: Trend;
  touchCount: number;
  /** Inbound touches (replies) within the reciprocity window. */
  inboundCount: number;
  lastTouchAt: EpochMs | null;
  /** True when the reciprocity cap lowered the score. */
  capped: boolean;
  reason: string;
}

/** Points of change over the trend window below which a relationship counts as steady. */
export const TREND_STEP = 5;
/** The window the plain-words reason counts touches in. */
export const REASON_WINDOW_DAYS = 90;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * S = 100 · (1 − exp(−Σ w(type) · 2^(−age_days / half_life) / k)), capped at the reciprocity cap
 * when no inbound touch falls within the reciprocity window. Touches after `asOf` do not count.
 */
export function strengthAt(
  touches: readonly PairTouch[],
  asOf: EpochMs,
  s: StrengthSettings,
): { score: number; capped: boolean } {
  return sortedStrengthAt(sortTouches(touches), asOf, s);
}

/**
 * `strengthAt` over touches sorted by time then type: the one implementation every path sums
 * through, in that order (summation order changes the last bits of a float).
 */
export function sortedStrengthAt(
  t: SortedTouches,
  asOf: EpochMs,
  s: StrengthSettings,
): { score: number; capped: boolean } {
  const weights = weightsByCode(s.weights);
  let sum = 0;
  let inbound = false;
  // Sorted by time: the touches up to asOf are a prefix.
  for (let i = 0; i < t.length; i += 1) {
    const at = t.times[i] ?? 0;
    if (at > asOf) break;
    const code = t.codes[i] ?? 0;
    const ageDays = (asOf - at) / DAY_MS;
    sum += (weights[code] ?? 0) * 2 ** (-ageDays / s.halfLifeDays);
    if (code === EMAIL_IN && ageDays <= s.reciprocityWindowDays) inbound = true;
  }
  const raw = 100 * (1 - Math.exp(-sum / s.k));
  const capped = !inbound && raw > s.reciprocityCap;
  return { score: round2(capped ? s.reciprocityCap : raw), capped };
}

const EMAIL_IN = typeCode('email_in');

export function gradeOf(score: number, s: StrengthSettings): Grade {
  if (score >= s.grades.strong) return 'strong';
  if (score >= s.grades.familiar) return 'familiar';
  return 'weak';
}

export function trendOf(score: number, before: number): Trend {
  if (score - before >= TREND_STEP) return 'rising';
  if (before - score >= TREND_STEP) return 'falling';
  return 'steady';
}

/** The full picture of one (networker, contact) relationship at `asOf`. */
export function pairStrength(
  touches: readonly PairTouch[],
  asOf: EpochMs,
  s: StrengthSettings,
): PairStrength {
  return sortedPairStrength(sortTouches(touches), asOf, s);
}

/** `pairStrength` over touches sorted by time then type. */
export function sortedPairStrength(
  t: SortedTouches,
  asOf: EpochMs,
  s: StrengthSettings,
): PairStrength {
  const { score, capped } = sortedStrengthAt(t, asOf, s);
  const { score: scoreBefore } = sortedStrengthAt(t, asOf - s.trendWindowDays * DAY_MS, s);
  let past = 0;
  let inboundCount = 0;
  for (; past < t.length && (t.times[past] ?? 0) <= asOf; past += 1)
    if (
      t.codes[past] === EMAIL_IN &&
      asOf - (t.times[past] ?? 0) <= s.reciprocityWindowDays * DAY_MS
    )
      inboundCount += 1;
  return {
    score,
    grade: gradeOf(score, s),
    scoreBefore,
    trend: trendOf(score, scoreBefore),
    touchCount: past,
    inboundCount,
    lastTouchAt: past > 0 ? (t.times[past - 1] ?? null) : null,
    capped,
    reason: explain(t, past, asOf, s, { inboundCount, capped }),
  };
}

const NOUNS: Record<TouchType, [string, string]> = {
  meeting: ['meeting', 'meetings'],
  call: ['call', 'calls'],
  email_in: ['email from them', 'emails from them'],
  email_out: ['email to them', 'emails to them'],
  note: ['note', 'notes'],
  event: ['shared event', 'shared events'],
};

const plural = (n: number, [one, many]: [string, string]): string => `${n} ${n === 1 ? one : many}`;
const ago = (days: number): string =>
  days < 1 ? 'today' : `${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'} ago`;

/** The codes' names for plain words, and a scratch count per code. */
const NAMES = TOUCH_TYPES.map((type) => NOUNS[type]);
const counts = new Int32Array(TOUCH_TYPES.length);

/** Whether type a (count na) is named before type b (count nb): more weight first, then by name. */
const namedBefore = (w: Float64Array, a: number, na: number, b: number, nb: number): boolean => {
  const diff = (w[b] ?? 0) * nb - (w[a] ?? 0) * na;
  return diff < 0 || (diff === 0 && typeRank(a) < typeRank(b));
};

/**
 * "3 meetings and 2 calls in the last 90 days, last one 12 days ago; 4 replies from them":
 * the two touch types that weigh most in the window, the last touch, the replies, and the cap.
 * `past`: how many of the sorted touches are not after `asOf`.
 */
function explain(
  t: SortedTouches,
  past: number,
  asOf: EpochMs,
  s: StrengthSettings,
  { inboundCount, capped }: { inboundCount: number; capped: boolean },
): string {
  if (past === 0) return 'no touches yet';
  counts.fill(0);
  for (let i = 0; i < past; i += 1) {
    const code = t.codes[i] ?? 0;
    if (asOf - (t.times[i] ?? 0) <= REASON_WINDOW_DAYS * DAY_MS)
      counts[code] = (counts[code] ?? 0) + 1;
  }
  const w = weightsByCode(s.weights);
  let first = -1;
  let second = -1;
  for (let code = 0; code < counts.length; code += 1) {
    const n = counts[code] ?? 0;
    if (n === 0) continue;
    if (first < 0 || namedBefore(w, code, n, first, counts[first] ?? 0)) {
      second = first;
      first = code;
    } else if (second < 0 || namedBefore(w, code, n, second, counts[second] ?? 0)) second = code;
  }
  const top = [first, second]
    .filter((code) => code >= 0)
    .map((code) => plural(counts[code] ?? 0, NAMES[code] ?? ['touch', 'touches']));
  const lastAgo = ago((asOf - (t.times[past - 1] ?? asOf)) / DAY_MS);
  const parts = [
    top.length > 0
      ? `${top.join(' and ')} in the last ${REASON_WINDOW_DAYS} days, last one ${lastAgo}`
      : `no touch in the last ${REASON_WINDOW_DAYS} days, last one ${lastAgo}`,
  ];
  if (inboundCount > 0)
    parts.push(
      `${plural(inboundCount, ['reply', 'replies'])} from them in ${s.reciprocityWindowDays} days`,
    );
  if (capped)
    parts.push(
      `held at ${s.reciprocityCap}: no reply from them in ${s.reciprocityWindowDays} days`,
    );
  return parts.join('; ');
}
