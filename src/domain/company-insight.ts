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
  /** The contact that relationship is with (ties go to the lower owner id, then contact id). */
  strongestContactId: number | null;
  /** Strong ties per active networker, in owner id order: what `Concentration` is computed from. */
  ownerTies: readonly (readonly [ownerId: number, ties: number])[];
}

/** What a company needs of each of its contacts: already in the contact's insight. */
export type CompanyContact = Pick<
  ContactInsight,
  'contactId' | 'threads' | 'maxScore' | 'strongestActiveOwnerId' | 'strongOwnerIds'
>;

/** What ranks a contact for a company's strength. */
type Rank = Pick<CompanyContact, 'contactId' | 'maxScore' | 'strongestActiveOwnerId'>;

/**
 * Whether `a` is the stronger contact for a company: higher strength, then the lower owner id,
 * then the lower contact id. A total order, so every path finds the same strongest contact.
 */
function stronger(a: Rank, b: Rank): boolean {
  if (a.maxScore !== b.maxScore) return a.maxScore > b.maxScore;
  const byOwner = (a.strongestActiveOwnerId ?? 0) - (b.strongestActiveOwnerId ?? 0);
  return byOwner !== 0 ? byOwner < 0 : a.contactId < b.contactId;
}

/** Only a contact some active networker knows can carry the company's strength. */
const eligible = (c: CompanyContact): boolean =>
  c.strongestActiveOwnerId !== null && c.maxScore > 0;

/**
 * Accumulates a company's contacts one at a time (the full run streams contacts, not companies);
 * `result()` gives the same insight as computing it from all of them at once. It reads contact
 * insights, not relationships, so a recount reads one narrow row per contact of the company.
 *
 * A stored insight can also be resumed and one contact's part in it swapped (`replaceContact`):
 * counts and ties are sums, so a recompute need not read the company's other contacts, which a
 * company of thousands would make the cost of every touch on any of them.
 */
export class CompanyTally {
  private contacts = 0;
  private threaded = 0;
  private strongest: Rank | null = null;
  private readonly ties = new Map<number, number>();

  constructor(readonly companyId: number) {}

  /** The tally a stored insight was the result of. */
  static resume(stored: CompanyInsight): CompanyTally {
    const tally = new CompanyTally(stored.companyId);
    tally.contacts = stored.contacts;
    tally.threaded = stored.threadedContacts;
    for (const [ownerId, n] of stored.ownerTies) tally.ties.set(ownerId, n);
    if (stored.strongestContactId !== null && stored.strongestOwnerId !== null)
      tally.strongest = {
        contactId: stored.strongestContactId,
        maxScore: stored.maxScore,
        strongestActiveOwnerId: stored.strongestOwnerId,
      };
    return tally;
  }

  addContact(c: CompanyContact): void {
    this.count(c, 1);
    if (eligible(c) && (this.strongest === null || stronger(c, this.strongest))) this.strongest = c;
  }

  /**
   * Swaps a counted contact's old insight for its fresh one (`undefined`: it had none, or has left
   * the company). False when the company's strongest contact got weaker or left: which contact
   * is strongest now only a recount of all of them can tell, and the tally must not be used.
   */
  replaceContact(old: CompanyContact | undefined, fresh: CompanyContact | undefined): boolean {
    if (old) {
      this.count(old, -1);
      if (this.strongest?.contactId === old.contactId) {
        // Still the strongest only if at least as strong as before: every other contact was weaker.
        if (!fresh || !eligible(fresh) || stronger(old, fresh)) return false;
        this.strongest = null;
      }
    }
    if (fresh) this.addContact(fresh);
    return true;
  }

  result(): CompanyInsight {
    // In owner id order, so the stored ties and the Herfindahl sum never depend on arrival order.
    const ownerTies = [...this.ties].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
    return {
      companyId: this.companyId,
      contacts: this.contacts,
      threadedContacts: this.threaded,
      maxScore: this.strongest?.maxScore ?? 0,
      strongestOwnerId: this.strongest?.strongestActiveOwnerId ?? null,
      strongestContactId: this.strongest?.contactId ?? null,
      ownerTies,
      ...concentration(new Map(ownerTies)),
    };
  }

  private count(c: CompanyContact, sign: 1 | -1): void {
    this.contacts += sign;
    if (c.threads > 0) this.threaded += sign;
    for (const ownerId of c.strongOwnerIds)
      this.ties.set(ownerId, (this.ties.get(ownerId) ?? 0) + sign);
  }
}
