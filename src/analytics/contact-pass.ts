import { analyzeContact, contactKeys, type ContactAnalysis } from '../domain/analyze-contact.js';
import type { DuplicateKeys, DuplicateKind } from '../domain/contact-keys.js';
import { DUPLICATE_KINDS } from '../domain/contact-keys.js';
import { ContactCursor, type TouchColumns } from '../domain/touch-columns.js';
import type { Contact } from '../domain/types.js';
import { groupBy } from '../shared/group-by.js';
import { NumberFirstHolders, StringFirstHolders } from './first-holder-tables.js';
import type { ContactKey } from '../store/repositories/contact-key-repository.js';
import type { PortalAnalysis } from './load-context.js';

/** A contact's analysis, with the keys it holds and its companies; in the order of the contacts. */
export interface AnalyzedContact extends ContactAnalysis {
  keys: ContactKey[];
  companyIds: number[];
}

/** The keys a contact holds, as rows. */
export function keyRows(portal: PortalAnalysis, contact: Contact): ContactKey[] {
  return asRows(contact.contactId, contactKeys(portal.ctx, contact));
}

function asRows(contactId: number, keys: DuplicateKeys): ContactKey[] {
  return DUPLICATE_KINDS.flatMap((kind) => {
    const key = keys[kind];
    return key === null ? [] : [{ kind, key, contactId }];
  });
}

/**
 * Analyses a batch of contacts (in id order) given their touches (as columns, in contact order)
 * and company links. `canonical` answers, for a
 * duplicate key, the lowest contact id holding it: the record the others are duplicates of.
 */
export function analyzeBatch(
  portal: PortalAnalysis,
  contacts: readonly Contact[],
  touches: TouchColumns,
  links: readonly { contactId: number; companyId: number }[],
  canonical: (key: ContactKey) => number,
): AnalyzedContact[] {
  return batchAnalysis(portal, touches, links, canonical)(contacts);
}

/** `analyzeBatch` of the batch's contacts taken part by part, in id order. */
function batchAnalysis(
  portal: PortalAnalysis,
  touches: TouchColumns,
  links: readonly { contactId: number; companyId: number }[],
  canonical: (key: ContactKey) => number,
): (contacts: readonly Contact[]) => AnalyzedContact[] {
  const touchesOf = new ContactCursor(touches);
  const companiesOf = groupBy(links, (l) => l.contactId);
  return (contacts) =>
    contacts.map((contact) => {
      const duplicateKeys = contactKeys(portal.ctx, contact);
      const keys = asRows(contact.contactId, duplicateKeys);
      const duplicateOf: Record<DuplicateKind, number | null> = {
        email: null,
        nameCompany: null,
        phone: null,
      };
      for (const k of keys) {
        const first = canonical(k);
        if (first !== contact.contactId) duplicateOf[k.kind] = first;
      }
      const companyIds: number[] = [];
      for (const link of companiesOf.get(contact.contactId) ?? [])
        if (!companyIds.includes(link.companyId)) companyIds.push(link.companyId);
      const { relationships, insight, findings } = analyzeContact(
        portal.ctx,
        contact,
        { columns: touches, ...touchesOf.next(contact.contactId) },
        companyIds.length,
        duplicateKeys,
        duplicateOf,
      );
      // One literal, not a spread: a million contacts' analyses share one object shape.
      return { keys, companyIds, relationships, insight, findings };
    });
}

/**
 * The full run's analysis, page by page in contact id order: `analyzeBatch` with the run's
 * duplicate index, the first (lowest) contact id seen for each key. Per kind, and phone numbers as
 * numbers (E.164 digits fit in 2^53): a million contacts hold three million keys.
 */
export class ContactPassAnalyzer {
  private readonly firstHolder;

  /** `contacts`: how many the run will analyse; each holds at most one key of each kind. */
  constructor(
    private readonly portal: PortalAnalysis,
    contacts = 0,
  ) {
    this.firstHolder = {
      email: new StringFirstHolders(contacts),
      nameCompany: new StringFirstHolders(contacts),
      phone: new NumberFirstHolders(contacts),
    };
  }

  /** Pages must come in id order: a key's first holder is the first contact that claimed it. */
  analyze(
    contacts: readonly Contact[],
    touches: TouchColumns,
    links: readonly { contactId: number; companyId: number }[],
  ): AnalyzedContact[] {
    return analyzeBatch(this.portal, contacts, touches, links, this.claim);
  }

  /**
   * `analyze`, `partSize` contacts at a time: each part's analysis goes to `take` before the next
   * part is made, so that it need not outlive the part (see page-parts.ts).
   */
  analyzeParts<T>(
    contacts: readonly Contact[],
    touches: TouchColumns,
    links: readonly { contactId: number; companyId: number }[],
    take: (part: AnalyzedContact[]) => T,
    partSize = 1_000,
  ): T[] {
    const analyze = batchAnalysis(this.portal, touches, links, this.claim);
    const out: T[] = [];
    for (let start = 0; start < contacts.length; start += partSize)
      out.push(take(analyze(contacts.slice(start, start + partSize))));
    return out;
  }

  private readonly claim = (k: ContactKey): number =>
    k.kind === 'phone'
      ? this.firstHolder.phone.claim(Number(k.key.slice(1)), k.contactId)
      : this.firstHolder[k.kind].claim(k.key, k.contactId);
}
