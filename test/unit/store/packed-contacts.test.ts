import fc from 'fast-check';
import type { Contact } from '../../../src/domain/types.js';
import { packContacts, unpackContacts } from '../../../src/store/packed-contacts.js';
import { ContactCopyParser } from '../../../src/store/postgres-contact-copy.js';
import { CONTACT_COLUMNS } from '../../../src/store/repositories/contact-rows.js';
import { binaryCopy } from '../../helpers/binary-copy.js';
import { contact } from '../../helpers/builders.js';

const CONTACTS: Contact[] = [
  contact(2 ** 40 + 7, { email: ' Ada@Acme.Example ', isKeyStakeholder: true, ownerId: null }),
  contact(3, {
    email: null,
    firstName: null,
    lastName: '',
    phone: '+44 20 7946 0001',
    phoneE164: '+442079460001',
    phoneRegion: null,
    linkedinUrl: 'https://www.linkedin.com/in/ada',
    primaryCompanyId: null,
  }),
  contact(4, {
    firstName: 'Zoë',
    lastName: 'Ångström 🚀',
    companyName: '株式会社例え',
    lifecycleStage: 'customer',
    ownerId: 2 ** 33 + 5,
    primaryCompanyId: 70,
    phone: '212 12',
    phoneE164: null,
    phoneRegion: 'US',
    isKeyStakeholder: true,
  }),
];

/** A contact as PostgreSQL sends its row of CONTACT_COLUMNS in binary COPY. */
function copyRow(c: Contact): (number | string | Buffer | null | { int4: number })[] {
  const read = c.phoneE164 !== undefined;
  const value: Record<(typeof CONTACT_COLUMNS)[number], number | string | null | { int4: number }> =
    {
      contact_id: c.contactId,
      email: c.email,
      first_name: c.firstName,
      last_name: c.lastName,
      phone: c.phone,
      phone_e164: c.phoneE164 ?? null,
      phone_read: { int4: read ? 1 : 0 },
      phone_region: c.phoneRegion ?? null,
      job_title: c.jobTitle,
      company_name: c.companyName,
      linkedin_url: c.linkedinUrl,
      lifecycle_stage: c.lifecycleStage,
      owner_id: c.ownerId,
      primary_company_id: c.primaryCompanyId,
      is_key_stakeholder: { int4: c.isKeyStakeholder ? 1 : 0 },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  return CONTACT_COLUMNS.map((column) => value[column]);
}

const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: null });
const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const arbitraryContact: fc.Arbitrary<Contact> = fc
  .record({
    contactId: id,
    email: text,
    firstName: text,
    lastName: text,
    phone: text,
    jobTitle: text,
    companyName: text,
    linkedinUrl: text,
    lifecycleStage: text,
    ownerId: fc.option(id, { nil: null }),
    primaryCompanyId: fc.option(id, { nil: null }),
    isKeyStakeholder: fc.boolean(),
    createdAt: fc.integer({ min: 0, max: 2 ** 45 }),
    updatedAt: fc.integer({ min: 0, max: 2 ** 45 }),
    reading: fc.option(fc.record({ phoneE164: text, phoneRegion: text }), { nil: undefined }),
  })
  .map(({ reading, ...c }) => ({ ...c, ...reading }));

describe('a page of contacts as columns', () => {
  it("carries a page's contacts as the store read them: texts, nulls, big ids, flags, phone readings", () => {
    const received = unpackContacts(structuredClone(packContacts(CONTACTS)));
    expect(received).toEqual(CONTACTS);
    // Unread (the region decides) stays apart from read as invalid.
    expect(received.map((c) => c.phoneE164)).toEqual([undefined, '+442079460001', null]);
    // A reading keeps the region it was made with, one made with none says so.
    expect(received.map((c) => c.phoneRegion)).toEqual([undefined, null, 'US']);
    // An empty text is not a missing one.
    expect(received[1]?.lastName).toBe('');
    expect(unpackContacts(packContacts([]))).toEqual([]);
  });

  it('gives back any contacts it was given, in their order', () => {
    fc.assert(
      fc.property(fc.array(arbitraryContact, { maxLength: 1_500 }), (contacts) => {
        expect(unpackContacts(structuredClone(packContacts(contacts)))).toEqual(contacts);
      }),
      { numRuns: 60 },
    );
  });

  it('reads the binary COPY of contact rows into the same columns, in one piece or byte by byte', () => {
    const bytes = binaryCopy(CONTACTS.map(copyRow), 3);
    const whole = new ContactCopyParser();
    whole.write(bytes);
    expect(whole.end()).toEqual(packContacts(CONTACTS));

    const bytewise = new ContactCopyParser();
    for (let i = 0; i < bytes.length; i += 1) bytewise.write(bytes.subarray(i, i + 1));
    expect(unpackContacts(bytewise.end())).toEqual(CONTACTS);
  });

  it('reads any contacts from their COPY rows, past its first capacity too', () => {
    fc.assert(
      fc.property(fc.array(arbitraryContact, { maxLength: 3_000 }), (contacts) => {
        const parser = new ContactCopyParser();
        parser.write(binaryCopy(contacts.map(copyRow)));
        expect(unpackContacts(parser.end())).toEqual(contacts);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses rows that are not the contacts it asked for, naming what is wrong', () => {
    const row = copyRow(contact(1));
    const at = (column: (typeof CONTACT_COLUMNS)[number]) => CONTACT_COLUMNS.indexOf(column);
    const withValue = (column: (typeof CONTACT_COLUMNS)[number], value: string | number) =>
      row.map((v, i) => (i === at(column) ? value : v));
    expect(() => new ContactCopyParser().write(binaryCopy([withValue('owner_id', '12')]))).toThrow(
      "a contact row's owner_id is 2 bytes, not a bigint",
    );
    expect(() =>
      new ContactCopyParser().write(binaryCopy([withValue('is_key_stakeholder', 1)])),
    ).toThrow("a contact row's is_key_stakeholder is 8 bytes, not an integer");
    expect(() => new ContactCopyParser().write(binaryCopy([row.slice(1)]))).toThrow(
      `a contact row has ${CONTACT_COLUMNS.length - 1} fields, not ${CONTACT_COLUMNS.length}`,
    );
    const cut = new ContactCopyParser();
    cut.write(binaryCopy([row]).subarray(0, 60));
    expect(() => cut.end()).toThrow('the contact read ended before its last row');
    // Bytes that are not UTF-8 would shift every field after them: refused.
    const latin1 = new ContactCopyParser();
    latin1.write(
      binaryCopy([
        row.map((v, i) => (i === at('last_name') ? Buffer.from([0x4d, 0xfc, 0x6c]) : v)),
      ]),
    );
    expect(() => latin1.end()).toThrow("the contacts' texts are not valid UTF-8");
  });
});
