import type { Relationship } from '../domain/contact-insight.js';
import { ScoreAverage } from '../domain/hygiene/hygiene-score.js';
import { TieTally } from '../domain/kpis.js';
import type { Settings } from '../domain/settings.js';
import type { Finding } from '../domain/types.js';

const DUPLICATE_RULES = new Set([
  'contact_duplicate_email',
  'contact_duplicate_name_company',
  'contact_duplicate_phone',
]);

/** Per-networker figures a full run accumulates while it streams contacts. */
export class NetworkerTally {
  readonly ties: TieTally;
  readonly hygiene = new ScoreAverage();
  ownedContacts = 0;
  completeContacts = 0;
  duplicatesOwned = 0;
  constructor(s: Settings['strength']) {
    this.ties = new TieTally(s);
  }

  addOwnedContact(hygieneScore: number, findings: readonly Finding[]): void {
    this.ownedContacts += 1;
    this.hygiene.add(hygieneScore);
    if (!findings.some((f) => f.ruleId === 'contact_missing_required')) this.completeContacts += 1;
    if (findings.some((f) => DUPLICATE_RULES.has(f.ruleId))) this.duplicatesOwned += 1;
  }

  addRelationship(r: Pick<Relationship, 'score' | 'scoreBefore'>): void {
    this.ties.add(r);
  }
}

export class Tallies<T> {
  private readonly map = new Map<number, T>();
  constructor(private readonly make: (id: number) => T) {}
  get(id: number): T {
    let t = this.map.get(id);
    if (!t) {
      t = this.make(id);
      this.map.set(id, t);
    }
    return t;
  }
  entries(): [number, T][] {
    return [...this.map.entries()].sort(([a], [b]) => a - b);
  }
  get size(): number {
    return this.map.size;
  }
}
