import {
  analyzeContact,
  contactKeys,
  type ContactAnalysis,
  type ContactTouchRow,
} from '../domain/analyze-contact.js';
import type { DuplicateKeys, DuplicateKind } from '../domain/contact-keys.js';
import { DUPLICATE_KINDS } from '../domain/contact-keys.js';
import type { Contact } from '../domain/types.js';
import { groupBy } from '../shared/group-by.js';
import type { ContactKey } from '../store/repositories/contact-key-repository.js';
import type { PortalAnalysis } from './load-context.js';

export interface AnalyzedContact extends ContactAnalysis {
  contact: Contact;
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
 * Analyses a batch of contacts given their touches and company links. `canonical` answers, for a
 * duplicate key, the lowest contact id holding it: the record the others are duplicates of.
 */
export function analyzeBatch(
  portal: PortalAnalysis,
  contacts: readonly Contact[],
  touches: readonly (ContactTouchRow & { contactId: number })[],
  links: readonly { contactId: number; companyId: number }[],
  canonical: (key: ContactKey) => number,
): AnalyzedContact[] {
  const touchesOf = groupBy(touches, (t) => t.contactId);
  const companiesOf = groupBy(links, (l) => l.contactId);
  return contacts.map((contact) => {
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
    const companyIds = [
      ...new Set((companiesOf.get(contact.contactId) ?? []).map((l) => l.companyId)),
    ];
    return {
      contact,
      keys,
      companyIds,
      ...analyzeContact(
        portal.ctx,
        contact,
        touchesOf.get(contact.contactId) ?? [],
        companyIds.length,
        duplicateKeys,
        duplicateOf,
      ),
    };
  });
}
