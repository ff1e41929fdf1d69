import type { Finding, Severity } from '../types.js';
import { ALL_RULES } from './audit-rules.js';

/** Points a finding takes off its record's 100, by severity. */
export const SEVERITY_PENALTY: Record<Severity, number> = { high: 40, medium: 20, low: 10 };

const HYGIENE_RULES = new Set(ALL_RULES.filter((r) => r.category === 'hygiene').map((r) => r.id));

/** A record's hygiene score: 100 minus its data-quality findings' penalties, never below 0. */
export function recordHygieneScore(
  findings: readonly Pick<Finding, 'ruleId' | 'severity'>[],
): number {
  let score = 100;
  for (const f of findings) if (HYGIENE_RULES.has(f.ruleId)) score -= SEVERITY_PENALTY[f.severity];
  return Math.max(0, score);
}

/** Mean of record scores, streamed: owner, team and portal scores are averages over their records. */
export class ScoreAverage {
  private sum = 0;
  private n = 0;
  add(score: number): void {
    this.sum += score;
    this.n += 1;
  }
  get count(): number {
    return this.n;
  }
  /** 100 for an empty set: nothing to fix. Rounded to one decimal. */
  get value(): number {
    return this.n === 0 ? 100 : Math.round((this.sum / this.n) * 10) / 10;
  }
}
