import type { Contact } from '../domain/types.js';
import { doubled, withRoom } from './growing-columns.js';

/**
 * A page of contacts as columns, the shape a full run reads them in and hands to its analysis:
 * numbers in one typed array, texts end to end in one string, so the page crosses to the analysis
 * thread as a few copies of memory and the analysis slices each field out of the page's string.
 * PostgreSQL's binary COPY fills it where the rows arrive (no object per contact, no string per
 * field on the main thread); SQLite's rows are read as arrays and packed (`packContactRows`).
 */
export interface PackedContacts {
  length: number;
  /** Per contact, CONTACT_NUMBERS in order (NaN for null). */
  numbers: Float64Array<ArrayBuffer>;
  /** Per contact: bit 0 key stakeholder, bit 1 the mirror's phone reading is there. */
  flags: Uint8Array<ArrayBuffer>;
  /** Per contact: bit f set when text field f is null. */
  nulls: Uint16Array<ArrayBuffer>;
  /** Every text field, contact by contact, field by field. */
  text: string;
  /** Where each (contact, field) ends in `text` (UTF-16 units); it starts where the one before ends. */
  ends: Uint32Array<ArrayBuffer>;
}

export const CONTACT_NUMBERS = [
  'contactId',
  'ownerId',
  'primaryCompanyId',
  'createdAt',
  'updatedAt',
] as const;

export const CONTACT_TEXTS = [
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

export const KEY_STAKEHOLDER = 1;
export const PHONE_READ = 2;
const NUMBERS = CONTACT_NUMBERS.length;
const TEXTS = CONTACT_TEXTS.length;
const OWNER = CONTACT_NUMBERS.indexOf('ownerId');

/** Packs contacts one at a time, in the order they are read. */
export class ContactColumnPacker {
  private numbers = new Float64Array(NUMBERS << 10);
  private flags = new Uint8Array(1 << 10);
  private nulls = new Uint16Array(1 << 10);
  private ends = new Uint32Array(TEXTS << 10);
  /** The texts as UTF-8, decoded once at the end. */
  private text = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private bytes = 0;
  /** The texts' length so far in UTF-16 units, what `ends` counts in. */
  private units = 0;
  private field = 0;

  /** Starts the next contact: its numbers in CONTACT_NUMBERS order, then TEXTS text fields. */
  contact(numbers: ArrayLike<number>, flags: number): void {
    if (this.field !== 0 && this.field !== TEXTS)
      throw new Error(`a packed contact has ${this.field} text fields, not ${TEXTS}`);
    if (this.length === this.flags.length) this.grow();
    const at = this.length * NUMBERS;
    for (let n = 0; n < NUMBERS; n += 1) this.numbers[at + n] = numbers[n] ?? Number.NaN;
    this.flags[this.length] = flags;
    this.length += 1;
    this.field = 0;
  }

  /** The contact's next text field, as valid UTF-8 in `source[start, end)`. */
  bytesField(source: Uint8Array, start: number, end: number): void {
    this.text = withRoom(this.text, this.bytes, end - start);
    // Byte by byte: a field is a few dozen bytes, and a native copy per field cost more than that.
    // A character is one UTF-16 unit, two from four UTF-8 bytes on; continuation bytes add none.
    const text = this.text;
    let units = 0;
    for (let from = start, to = this.bytes; from < end; from += 1, to += 1) {
      const byte = source[from] ?? 0;
      text[to] = byte;
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
    this.endField(end - start, units);
  }

  nullField(): void {
    this.nulls[this.length - 1] = (this.nulls[this.length - 1] ?? 0) | (1 << this.field);
    this.endField(0, 0);
  }

  done(): PackedContacts {
    const n = this.length;
    if (n > 0 && this.field !== TEXTS)
      throw new Error(`a packed contact has ${this.field} text fields, not ${TEXTS}`);
    const text = this.text.toString('utf8', 0, this.bytes);
    // Invalid UTF-8 decodes to replacement characters of other lengths, which would shift every
    // field after it: refused, not misread (a database whose encoding is not UTF8 can send it).
    if (text.length !== this.units)
      throw new Error(
        "the contacts' texts are not valid UTF-8: Rapport's PostgreSQL database must be created with ENCODING 'UTF8'",
      );
    return {
      length: n,
      numbers: this.numbers.slice(0, n * NUMBERS),
      flags: this.flags.slice(0, n),
      nulls: this.nulls.slice(0, n),
      text,
      ends: this.ends.slice(0, n * TEXTS),
    };
  }

  private endField(bytes: number, units: number): void {
    if (this.length === 0 || this.field === TEXTS)
      throw new Error(`a packed contact has more than ${TEXTS} text fields`);
    this.bytes += bytes;
    this.units += units;
    this.ends[(this.length - 1) * TEXTS + this.field] = this.units;
    this.field += 1;
  }

  private grow(): void {
    this.numbers = doubled(this.numbers);
    this.flags = doubled(this.flags);
    this.nulls = doubled(this.nulls);
    this.ends = doubled(this.ends);
  }
}

/** Contact objects packed: a page read through a driver's rows (any store in a transaction). */
export function packContacts(contacts: readonly Contact[]): PackedContacts {
  return pack(
    contacts.length,
    (i, numbers, at) => {
      const c = contacts[i] as Contact;
      for (let k = 0; k < NUMBERS; k += 1)
        numbers[at + k] = c[CONTACT_NUMBERS[k] as (typeof CONTACT_NUMBERS)[number]] ?? Number.NaN;
      return (
        (c.isKeyStakeholder ? KEY_STAKEHOLDER : 0) | (c.phoneE164 !== undefined ? PHONE_READ : 0)
      );
    },
    (i, f) => (contacts[i] as Contact)[CONTACT_TEXTS[f] as (typeof CONTACT_TEXTS)[number]],
  );
}

/** Where a row read as an array holds each field (see CONTACT_ROW_LAYOUT). */
export interface ContactRowLayout {
  numbers: readonly number[];
  texts: readonly number[];
  keyStakeholder: number;
  phoneRead: number;
}

/**
 * Rows read as arrays packed (SQLite's raw mode: no object per contact). Numbers as the driver
 * gives them (null for none), flags as 0 or 1.
 */
export function packContactRows(
  rows: readonly (readonly unknown[])[],
  layout: ContactRowLayout,
): PackedContacts {
  return pack(
    rows.length,
    (i, numbers, at) => {
      const row = rows[i] as readonly unknown[];
      for (let k = 0; k < NUMBERS; k += 1)
        numbers[at + k] = (row[layout.numbers[k] as number] as number | null) ?? Number.NaN;
      return (
        (row[layout.keyStakeholder] ? KEY_STAKEHOLDER : 0) |
        (row[layout.phoneRead] ? PHONE_READ : 0)
      );
    },
    (i, f) => (rows[i] as readonly unknown[])[layout.texts[f] as number] as string | null,
  );
}

/**
 * `n` contacts packed: `fill` writes contact i's numbers at `at` and returns its flags, `textOf`
 * gives its text field f. The texts are joined once at the end.
 */
function pack(
  n: number,
  fill: (i: number, numbers: Float64Array, at: number) => number,
  textOf: (i: number, f: number) => string | null | undefined,
): PackedContacts {
  const numbers = new Float64Array(n * NUMBERS);
  const flags = new Uint8Array(n);
  const nulls = new Uint16Array(n);
  const ends = new Uint32Array(n * TEXTS);
  const texts: string[] = [];
  let units = 0;
  for (let i = 0; i < n; i += 1) {
    flags[i] = fill(i, numbers, i * NUMBERS);
    let missing = 0;
    for (let f = 0; f < TEXTS; f += 1) {
      const value = textOf(i, f);
      if (value === null || value === undefined) missing |= 1 << f;
      else {
        texts.push(value);
        units += value.length;
      }
      ends[i * TEXTS + f] = units;
    }
    nulls[i] = missing;
  }
  return { length: n, numbers, flags, nulls, text: texts.join(''), ends };
}

export function unpackContacts(p: PackedContacts): Contact[] {
  const out = new Array<Contact>(p.length);
  const { text } = p;
  const texts = new Array<string | null>(TEXTS);
  for (let i = 0; i < p.length; i += 1) {
    const nulls = p.nulls[i] ?? 0;
    let start = i === 0 ? 0 : (p.ends[i * TEXTS - 1] ?? 0);
    for (let f = 0; f < TEXTS; f += 1) {
      const end = p.ends[i * TEXTS + f] ?? start;
      texts[f] = nulls & (1 << f) ? null : text.slice(start, end);
      start = end;
    }
    const flags = p.flags[i] ?? 0;
    const at = i * NUMBERS;
    const owner = p.numbers[at + 1] ?? Number.NaN;
    const company = p.numbers[at + 2] ?? Number.NaN;
    const read = (flags & PHONE_READ) !== 0;
    // No closure per contact here: this runs a million times an audit.
    out[i] = {
      contactId: p.numbers[at] ?? Number.NaN,
      email: texts[0] ?? null,
      firstName: texts[1] ?? null,
      lastName: texts[2] ?? null,
      phone: texts[3] ?? null,
      phoneE164: read ? (texts[4] ?? null) : undefined,
      jobTitle: texts[5] ?? null,
      companyName: texts[6] ?? null,
      linkedinUrl: texts[7] ?? null,
      lifecycleStage: texts[8] ?? null,
      phoneRegion: read ? (texts[9] ?? null) : undefined,
      ownerId: Number.isNaN(owner) ? null : owner,
      primaryCompanyId: Number.isNaN(company) ? null : company,
      isKeyStakeholder: (flags & KEY_STAKEHOLDER) !== 0,
      createdAt: p.numbers[at + 3] ?? Number.NaN,
      updatedAt: p.numbers[at + 4] ?? Number.NaN,
    };
  }
  return out;
}

/** Contact i's id. */
export const contactIdAt = (p: PackedContacts, i: number): number =>
  p.numbers[i * NUMBERS] ?? Number.NaN;

/** The contacts' owners (NaN: none), copied: the page's columns move to the analysis thread. */
export function ownerIds(p: PackedContacts): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i += 1) out[i] = p.numbers[i * NUMBERS + OWNER] ?? Number.NaN;
  return out;
}
