import type { EpochMs } from './types.js';

export const DAY_MS = 86_400_000;

/** Whole or fractional days from `then` to `now` (negative when `then` is later). */
export const daysBetween = (then: EpochMs, now: EpochMs): number => (now - then) / DAY_MS;

/** The calendar month (UTC) an instant falls in, as snapshots name their period: "2026-11". */
export function monthOf(at: EpochMs): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A half-open period [from, to) in epoch ms. */
export interface Period {
  from: EpochMs;
  to: EpochMs;
}

export const inPeriod = (at: EpochMs, period: Period): boolean =>
  at >= period.from && at < period.to;
