import type { Settings } from './settings.js';
import { DAY_MS } from './time.js';
import type { EpochMs, TouchType } from './types.js';

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
  let sum = 0;
  let inbound = false;
  for (const t of touches) {
    if (t.occurredAt > asOf) continue;
    const ageDays = (asOf - t.occurredAt) / DAY_MS;
    sum += s.weights[t.type] * 2 ** (-ageDays / s.halfLifeDays);
    if (t.type === 'email_in' && ageDays <= s.reciprocityWindowDays) inbound = true;
  }
  const raw = 100 * (1 - Math.exp(-sum / s.k));
  const capped = !inbound && raw > s.reciprocityCap;
  return { score: round2(capped ? s.reciprocityCap : raw), capped };
}

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

// Type names are distinct lowercase ASCII words: code-unit order is their locale order, without
// the collator's cost on every comparison.
const byTimeThenType = (a: PairTouch, b: PairTouch): number =>
  a.occurredAt - b.occurredAt || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

/** The full picture of one (networker, contact) relationship at `asOf`. */
export function pairStrength(
  touches: readonly PairTouch[],
  asOf: EpochMs,
  s: StrengthSettings,
): PairStrength {
  // Summation order changes the last bits of a float; sorting makes every path agree.
  const sorted = [...touches].sort(byTimeThenType);
  const { score, capped } = strengthAt(sorted, asOf, s);
  const { score: scoreBefore } = strengthAt(sorted, asOf - s.trendWindowDays * DAY_MS, s);
  const past = sorted.filter((t) => t.occurredAt <= asOf);
  const last = past.at(-1);
  const inboundCount = past.filter(
    (t) => t.type === 'email_in' && asOf - t.occurredAt <= s.reciprocityWindowDays * DAY_MS,
  ).length;
  return {
    score,
    grade: gradeOf(score, s),
    scoreBefore,
    trend: trendOf(score, scoreBefore),
    touchCount: past.length,
    inboundCount,
    lastTouchAt: last?.occurredAt ?? null,
    capped,
    reason: explain(past, asOf, s, { inboundCount, capped }),
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

/**
 * "3 meetings and 2 calls in the last 90 days, last one 12 days ago; 4 replies from them":
 * the two touch types that weigh most in the window, the last touch, the replies, and the cap.
 */
function explain(
  past: readonly PairTouch[],
  asOf: EpochMs,
  s: StrengthSettings,
  { inboundCount, capped }: { inboundCount: number; capped: boolean },
): string {
  const last = past.at(-1);
  if (!last) return 'no touches yet';
  const recent = past.filter((t) => asOf - t.occurredAt <= REASON_WINDOW_DAYS * DAY_MS);
  const counts = new Map<TouchType, number>();
  for (const t of recent) counts.set(t.type, (counts.get(t.type) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort(([ta, na], [tb, nb]) => s.weights[tb] * nb - s.weights[ta] * na || ta.localeCompare(tb))
    .slice(0, 2)
    .map(([type, n]) => plural(n, NOUNS[type]));
  const lastAgo = ago((asOf - last.occurredAt) / DAY_MS);
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
