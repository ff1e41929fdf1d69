import type { Contact } from '../domain/types.js';
import { orNaN, orNull } from './columns.js';

/**
 * A page's contacts as columns on the way to the analysis: their numbers in one moved buffer,
 * their texts in one array (structured clone read 20,000 contact objects back property by
 * property: 22–39 ms a page).
 */
export interface PackedContacts {
  /** Per contact: contactId, ownerId, primaryCompanyId, createdAt, updatedAt (NaN for null). */
  numbers: Float64Array<ArrayBuffer>;
  /** Per contact: bit 0 key stakeholder, bit 1 the mirror's phone reading is there. */
  flags: Uint8Array<ArrayBuffer>;
  /** Per contact, TEXT_FIELDS in order. */
  texts: (string | null)[];
}

const TEXT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'phoneE164',
  'jobTitle',
  'companyName',
  'linkedinUrl',
  'lifecycleStage',
  'phoneRegion',
] as const;
const CONTACT_NUMBERS = 5;
const KEY_STAKEHOLDER = 1;
const PHONE_READ = 2;

export function packContacts(contacts: readonly Contact[]): PackedContacts {
  const out: PackedContacts = {
    numbers: new Float64Array(contacts.length * CONTACT_NUMBERS),
    flags: new Uint8Array(contacts.length),
    texts: new Array<string | null>(contacts.length * TEXT_FIELDS.length),
  };
  contacts.forEach((c, i) => {
    const at = i * CONTACT_NUMBERS;
    out.numbers[at] = c.contactId;
    out.numbers[at + 1] = orNaN(c.ownerId);
    out.numbers[at + 2] = orNaN(c.primaryCompanyId);
    out.numbers[at + 3] = c.createdAt;
    out.numbers[at + 4] = c.updatedAt;
    out.flags[i] =
      (c.isKeyStakeholder ? KEY_STAKEHOLDER : 0) | (c.phoneE164 !== undefined ? PHONE_READ : 0);
    TEXT_FIELDS.forEach((field, f) => {
      out.texts[i * TEXT_FIELDS.length + f] = c[field] ?? null;
    });
  });
  return out;
}

export function unpackContacts(p: PackedContacts): Contact[] {
  const out = new Array<Contact>(p.flags.length);
  for (let i = 0; i < out.length; i += 1) {
    const flags = p.flags[i] ?? 0;
    const at = i * CONTACT_NUMBERS;
    const n = (field: number) => p.numbers[at + field] ?? Number.NaN;
    const t = (field: number) => p.texts[i * TEXT_FIELDS.length + field] ?? null;
    out[i] = {
      contactId: n(0),
      email: t(0),
      firstName: t(1),
      lastName: t(2),
      phone: t(3),
      phoneE164: flags & PHONE_READ ? t(4) : undefined,
      jobTitle: t(5),
      companyName: t(6),
      linkedinUrl: t(7),
      lifecycleStage: t(8),
      phoneRegion: flags & PHONE_READ ? t(9) : undefined,
      ownerId: orNull(n(1)),
      primaryCompanyId: orNull(n(2)),
      isKeyStakeholder: (flags & KEY_STAKEHOLDER) !== 0,
      createdAt: n(3),
      updatedAt: n(4),
    };
  }
  return out;
}
