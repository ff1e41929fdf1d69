import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizeEmail } from './normalize.js';
import type { Contact } from './types.js';

/**
 * The keys that make two contacts likely duplicates, and the format checks of the audit. All pure:
 * email syntax is zod's, phone numbers are libphonenumber's (E.164), names are Unicode-folded.
 */
export interface DuplicateKeys {
  email: string | null;
  nameCompany: string | null;
  phone: string | null;
}
export type DuplicateKind = keyof DuplicateKeys;
export const DUPLICATE_KINDS: readonly DuplicateKind[] = ['email', 'nameCompany', 'phone'];

const emailSchema = z.email();

export function isWellFormedEmail(email: string): boolean {
  return emailSchema.safeParse(email.trim()).success;
}

/** "  José  O'Neil " → "jose oneil": accents, case, punctuation and extra spaces do not matter. */
export function normalizeName(first: string | null, last: string | null): string | null {
  const folded = `${first ?? ''} ${last ?? ''}`
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > 0 ? folded : null;
}

/** The number in E.164 when it is a valid phone number, read with `region` when it has no country code. */
export function phoneE164(phone: string | null, region: CountryCode | undefined): string | null {
  if (!phone?.trim()) return null;
  const parsed = parsePhoneNumberFromString(phone, region);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * The number's E.164 form (null when invalid) where reading it needs no region: it is blank, or
 * written with its country code ("+44 20 …"), which libphonenumber reads the same whatever the
 * default region. Undefined when the portal's region decides. The mirror stores this reading
 * with the number, so an audit does not parse a million numbers again every night (the parse is
 * a third of a contact's analysis).
 */
export function regionFreePhoneE164(phone: string | null): string | null | undefined {
  const text = phone?.trim();
  if (!text) return null;
  return text.startsWith('+') ? phoneE164(text, undefined) : undefined;
}

/** Whether the mirror's reading of the number stands in this region (see `Contact.phoneE164`). */
const storedReadingHolds = (
  c: Pick<Contact, 'phoneE164' | 'phoneRegion'>,
  region: CountryCode | undefined,
): boolean => c.phoneE164 !== undefined && (c.phoneRegion == null || c.phoneRegion === region);

export function duplicateKeys(
  c: Pick<
    Contact,
    | 'email'
    | 'firstName'
    | 'lastName'
    | 'phone'
    | 'phoneE164'
    | 'phoneRegion'
    | 'primaryCompanyId'
    | 'companyName'
  >,
  region: CountryCode | undefined,
): DuplicateKeys {
  const name = normalizeName(c.firstName, c.lastName);
  const company =
    c.primaryCompanyId !== null
      ? `id:${c.primaryCompanyId}`
      : c.companyName?.trim()
        ? `name:${normalizeName(c.companyName, null) ?? ''}`
        : null;
  const email = normalizeEmail(c.email);
  return {
    email: email && isWellFormedEmail(email) ? email : null,
    // A name alone is not enough: two "Anna Meyer"s are only suspect at the same company.
    nameCompany: name && company ? `${name}|${company}` : null,
    phone: storedReadingHolds(c, region) ? (c.phoneE164 ?? null) : phoneE164(c.phone, region),
  };
}

const LINKEDIN_HOST = /^([a-z]{2,3}\.)?linkedin\.com$/;
const LINKEDIN_PATH = /^\/(in|pub|company|school)\/[^/?#\s]+\/?$/;

/**
 * Null when the URL is a well-formed LinkedIn profile or company URL; otherwise the problem, with
 * the corrected URL when the only fault is a missing scheme (a safe automatic fix).
 */
export function linkedinProblem(url: string): { problem: string; fixed: string | null } | null {
  const text = url.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { problem: 'is not a URL', fixed: null };
  }
  const host = parsed.hostname.toLowerCase();
  if (!LINKEDIN_HOST.test(host))
    return { problem: `is not on linkedin.com (${host})`, fixed: null };
  if (!LINKEDIN_PATH.test(parsed.pathname))
    return { problem: 'is not a profile or company page (/in/… or /company/…)', fixed: null };
  if (withScheme !== text) {
    const fixed = `https://www.linkedin.com${parsed.pathname}`;
    return { problem: 'has no https:// scheme', fixed };
  }
  return null;
}
