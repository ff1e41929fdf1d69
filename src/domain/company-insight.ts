import { concentration, type Concentration } from './concentration.js';
import type { ContactInsight } from './contact-insight.js';

export interface CompanyInsight extends Concentration {
  companyId: number;
  contacts: number;
  /** Contacts with at least one active thread. */
  threadedContacts: number;
  /** Company-level strength: the strongest active relationship with any of its contacts. */
  maxScore: number;
  strongestOwnerId: number | null;
}

/** What a company needs of each of its contacts: already in the contact's insight. */
export type CompanyContact = Pick<
  ContactInsight,
  'threads' | 'maxScore' | 'strongestActiveOwnerId' | 'strongOwnerIds'
>;

/**
 * Accumulates a company's contacts one at a time (the full run streams contacts, not companies);
 * `result()` gives the same insight as computing it from all of them at once. It reads contact
 * insights, not relationships, so a recompute reads one narrow row per contact of the company.
 */
export class CompanyTally {
  private contacts = 0;
  private threaded = 0;
  private maxScore = 0;
  private strongestOwnerId: number | null = null;
  private readonly ties = new Map<number, number>();

  constructor(readonly companyId: number) {}

  addContact(c: CompanyContact): void {
    this.contacts += 1;
    if (c.threads > 0) this.threaded += 1;
    for (const ownerId of c.strongOwnerIds)
      this.ties.set(ownerId, (this.ties.get(ownerId) ?? 0) + 1);
    // Ties between contacts go to the lower owner id, as within one contact's insight.
    const ownerId = c.strongestActiveOwnerId;
    if (ownerId === null) return;
    if (
      c.maxScore > this.maxScore ||
      (c.maxScore === this.maxScore &&
        this.strongestOwnerId !== null &&
        ownerId < this.strongestOwnerId)
    ) {
      this.maxScore = c.maxScore;
      this.strongestOwnerId = ownerId;
    }
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
