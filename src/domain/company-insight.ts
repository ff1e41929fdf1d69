import { concentration, tallyStrongTie, type Concentration } from './concentration.js';
import type { Relationship } from './contact-insight.js';
import type { Settings } from './settings.js';

export interface CompanyInsight extends Concentration {
  companyId: number;
  contacts: number;
  /** Contacts with at least one active thread. */
  threadedContacts: number;
  /** Company-level strength: the strongest active relationship with any of its contacts. */
  maxScore: number;
  strongestOwnerId: number | null;
}

/**
 * Accumulates a company's contacts one at a time (the full run streams contacts, not companies);
 * `result()` gives the same insight as computing it from all of them at once.
 */
export class CompanyTally {
  private contacts = 0;
  private threaded = 0;
  private maxScore = 0;
  private strongestOwnerId: number | null = null;
  private readonly ties = new Map<number, number>();

  constructor(
    readonly companyId: number,
    private readonly s: Settings['strength'],
    private readonly isActive: (ownerId: number) => boolean,
  ) {}

  addContact(relationships: readonly Pick<Relationship, 'ownerId' | 'score'>[]): void {
    this.contacts += 1;
    let threads = 0;
    for (const r of relationships) {
      if (!this.isActive(r.ownerId) || r.score <= 0) continue;
      if (r.score >= this.s.threadThreshold) threads += 1;
      tallyStrongTie(this.ties, r.ownerId, r.score, this.s.grades.strong);
      if (
        r.score > this.maxScore ||
        (r.score === this.maxScore &&
          this.strongestOwnerId !== null &&
          r.ownerId < this.strongestOwnerId)
      ) {
        this.maxScore = r.score;
        this.strongestOwnerId = r.ownerId;
      }
    }
    if (threads > 0) this.threaded += 1;
  }

  result(): CompanyInsight {
    return {
      companyId: this.companyId,
      contacts: this.contacts,
      threadedContacts: this.threaded,
      maxScore: this.maxScore,
      strongestOwnerId: this.strongestOwnerId,
      ...concentration(this.ties),
    };
  }
}
