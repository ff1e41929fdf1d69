import type { ContactInsight } from './contact-insight.js';
import type { Relationship } from './contact-insight.js';
import type { Settings } from './settings.js';

/** The KPIs the Manager of the Network sets targets for, per organization, team or networker. */
export interface Kpis {
  /** Share of target stakeholders with at least one thread (null when there are no targets). */
  coverage: number | null;
  /** Mean of the strongest active relationship over the target stakeholders (or the networker's ties). */
  averageStrength: number;
  touches: number;
  strongTies: number;
  /** Relationships that became strong within the trend window. */
  newStrongTies: number;
  hygieneScore: number;
  ror: number | null;
}

export const KPI_NAMES = [
  'coverage',
  'averageStrength',
  'touches',
  'strongTies',
  'newStrongTies',
  'hygieneScore',
  'ror',
] as const satisfies readonly (keyof Kpis)[];

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Coverage and average strength over targets: contacts by their insight, companies by threaded contacts. */
export function targetCoverage(
  contacts: readonly Pick<ContactInsight, 'threads' | 'maxScore'>[],
  companies: readonly { threadedContacts: number; maxScore: number }[],
): { coverage: number | null; averageStrength: number; targets: number; covered: number } {
  const targets = contacts.length + companies.length;
  const covered =
    contacts.filter((c) => c.threads > 0).length +
    companies.filter((c) => c.threadedContacts > 0).length;
  const strengthSum =
    contacts.reduce((s, c) => s + c.maxScore, 0) + companies.reduce((s, c) => s + c.maxScore, 0);
  return {
    coverage: targets === 0 ? null : round2(covered / targets),
    averageStrength: targets === 0 ? 0 : round2(strengthSum / targets),
    targets,
    covered,
  };
}

/** Streams a networker's relationships into their tie counts and mean strength. */
export class TieTally {
  strongTies = 0;
  newStrongTies = 0;
  private sum = 0;
  private n = 0;
  constructor(private readonly s: Settings['strength']) {}
  add(r: Pick<Relationship, 'score' | 'scoreBefore'>): void {
    if (r.score <= 0) return;
    this.sum += r.score;
    this.n += 1;
    if (r.score >= this.s.grades.strong) {
      this.strongTies += 1;
      if (r.scoreBefore < this.s.grades.strong) this.newStrongTies += 1;
    }
  }
  get averageStrength(): number {
    return this.n === 0 ? 0 : round2(this.sum / this.n);
  }
  get relationships(): number {
    return this.n;
  }
}
