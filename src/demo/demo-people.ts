import type { Company, Contact, Owner } from '../domain/types.js';
import { plant, type DemoManifest } from './demo-manifest.js';
import type { DemoOptions } from './demo-options.js';
import { DAY_MS, slug, type Random } from './demo-random.js';

export const ORGANIZATION = { name: 'Northwind Partners', domain: 'northwind-partners.example' };
export const ID_BASE = {
  owner: 1_000,
  user: 70_000,
  company: 2_000_000,
  contact: 10_000_000,
  touch: 50_000_000,
  deal: 3_000_000,
};

const LIFECYCLE = [
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;
const WELL_FORMED_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// 104 US area codes with the 555 exchange: a million distinct numbers, none of them a subscriber's.
const US_AREA = (
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 ' +
  '239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 ' +
  '310 312 313 314 315 316 317 318 319 320 321 323 325 330 334 336 337 339 347 351 352 360 361 ' +
  '386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 424 425 430 432 434 435 ' +
  '440 443 469 478 479 480 484 501 502 503 504 505'
).split(' ');
// Ofcom's ranges reserved for drama: numbers that reach no one.
const UK_DRAMA = [
  '20 7946 0',
  '113 496 0',
  '114 496 0',
  '115 496 0',
  '116 496 0',
  '117 496 0',
  '118 496 0',
  '121 496 0',
  '131 496 0',
  '141 496 0',
  '151 496 0',
  '161 496 0',
] as const;

/**
 * Phone numbers follow the contact index, so two people share one only when the portal is larger
 * than the number ranges (1,040,000 US, 12,000 UK numbers; UK numbers only for the first 12,000
 * contacts): phone duplicates are the planted ones.
 */
const usPhone = (index: number) => {
  const area = US_AREA[index % US_AREA.length] ?? '212';
  const line = String(Math.floor(index / US_AREA.length) % 10_000).padStart(4, '0');
  // Half written as a US portal's people type them, without the country code: reading those
  // takes the portal's region (`hygiene.phoneRegion`, US here), as in a real portal.
  return index % 2 === 0 ? `(${area}) 555-${line}` : `+1 ${area} 555 ${line}`;
};
const ukPhone = (index: number) =>
  `+44 ${UK_DRAMA[Math.floor(index / 1_000) % UK_DRAMA.length]}${String(index % 1_000).padStart(3, '0')}`;

/** Networkers: HubSpot owners of the organization; `departed` of them are archived (deactivated). */
export function makeOwners(options: DemoOptions, random: Random): Owner[] {
  const departedAt = new Map<number, number>();
  for (let k = 0; k < options.departed; k += 1) {
    const index = Math.floor(((k + 0.5) * options.networkers) / options.departed);
    departedAt.set(index, options.asOf - (30 + 60 * k) * DAY_MS);
  }
  return Array.from({ length: options.networkers }, (_, i) => {
    const firstName = random.faker.person.firstName();
    const lastName = random.faker.person.lastName();
    const archivedAt = departedAt.get(i) ?? null;
    return {
      ownerId: ID_BASE.owner + i + 1,
      userId: ID_BASE.user + i + 1,
      email: `${slug(firstName)}.${slug(lastName)}@${ORGANIZATION.domain}`,
      firstName,
      lastName,
      archived: archivedAt !== null,
      archivedAt,
      updatedAt: archivedAt ?? options.asOf - 400 * DAY_MS,
    };
  });
}

export function makeCompany(
  index: number,
  options: DemoOptions,
  random: Random,
  activeOwners: readonly Owner[],
): Company {
  const name = random.faker.company.name();
  return {
    companyId: ID_BASE.company + index + 1,
    name,
    domain: `${slug(name)}.example`,
    industry: random.faker.commerce.department(),
    ownerId: random.chance(0.85) ? random.pick(activeOwners).ownerId : null,
    createdAt: options.asOf - random.int(30, 1_400) * DAY_MS,
    updatedAt: options.asOf - random.int(0, 30) * DAY_MS,
  };
}

export interface ContactDraft {
  contact: Contact;
  companyId: number | null;
}

/**
 * One contact, with the flaws real portals have planted at realistic rates; every planted flaw is
 * recorded in the manifest. `recent` holds earlier contacts to copy into duplicates.
 */
export function makeContact(
  index: number,
  ctx: {
    options: DemoOptions;
    random: Random;
    owners: readonly Owner[];
    jobTitles: readonly string[];
    manifest: DemoManifest;
    recent: ContactDraft[];
    companyDomain: (id: number) => string;
  },
): ContactDraft {
  const { options, random, owners, manifest } = ctx;
  const contactId = ID_BASE.contact + index + 1;
  const createdAt = options.asOf - random.int(1, 1_100) * DAY_MS;
  const picked =
    ctx.recent.length > 8 && random.chance(0.012) ? random.pick(ctx.recent) : undefined;
  // A duplicate must be detectable: by email (needs a well-formed one) or by name at the same company.
  const source =
    picked &&
    (picked.companyId !== null ||
      (picked.contact.email !== null && WELL_FORMED_EMAIL.test(picked.contact.email)))
      ? picked
      : undefined;
  if (source) {
    // A duplicate repeats who the person is, never the source's broken fields, so every
    // field-level flaw in the manifest is one the generator planted on purpose.
    const sourceEmail = source.contact.email;
    const byEmail =
      sourceEmail !== null &&
      WELL_FORMED_EMAIL.test(sourceEmail) &&
      (source.companyId === null || random.chance(0.5));
    const email = byEmail
      ? sourceEmail.toUpperCase()
      : `${slug(source.contact.firstName ?? 'x')}.${slug(source.contact.lastName ?? 'y')}.${index}@mail.example`;
    const copy: Contact = {
      ...source.contact,
      contactId,
      email,
      phone: null,
      linkedinUrl: null,
      createdAt,
      updatedAt: createdAt,
      isKeyStakeholder: false,
    };
    plant(manifest, byEmail ? 'duplicateEmailCase' : 'duplicateNameCompany', contactId);
    recordOwnerFlaws(copy, owners, manifest);
    if (source.companyId === null) plant(manifest, 'noCompany', contactId);
    return { contact: copy, companyId: source.companyId };
  }

  const firstName = random.faker.person.firstName();
  const lastName = random.faker.person.lastName();
  const companyId = random.chance(0.92)
    ? ID_BASE.company + 1 + Math.floor(random.float() ** 1.6 * options.companies)
    : null;
  if (companyId === null) plant(manifest, 'noCompany', contactId);
  const local = `${slug(firstName)}.${slug(lastName)}`;
  let email: string | null =
    `${local}@${companyId === null ? 'mail.example' : ctx.companyDomain(companyId)}`;
  if (random.chance(0.03)) {
    email = null;
    plant(manifest, 'missingEmail', contactId);
  } else if (random.chance(0.02)) {
    email = random.pick([
      `${local}@`,
      `${local} at ${ORGANIZATION.domain}`,
      `${local}@@mail.example`,
      `${local}@mail`,
    ]);
    plant(manifest, 'malformedEmail', contactId);
  }
  let phone: string | null = null;
  if (random.chance(0.8)) {
    if (random.chance(0.03)) {
      phone = random.pick(['12-34', 'call reception', '+1 212 555', '000']);
      plant(manifest, 'malformedPhone', contactId);
    } else {
      phone = random.chance(0.7) || index >= 12_000 ? usPhone(index) : ukPhone(index);
    }
  }
  let linkedinUrl: string | null = null;
  if (random.chance(0.6)) {
    if (random.chance(0.03)) {
      linkedinUrl = random.pick([
        `linkedin.com/${slug(firstName)}`,
        `https://www.linkedn.com/in/${slug(lastName)}`,
        'n/a',
      ]);
      plant(manifest, 'malformedLinkedin', contactId);
    } else {
      linkedinUrl = `https://www.linkedin.com/in/${slug(firstName)}-${slug(lastName)}-${index.toString(36)}`;
    }
  }
  const ownerless = random.chance(0.04);
  const contact: Contact = {
    contactId,
    email,
    firstName,
    lastName,
    phone,
    jobTitle: random.chance(0.96) ? random.pick(ctx.jobTitles) : null,
    companyName: null,
    linkedinUrl,
    lifecycleStage: random.pick(LIFECYCLE),
    ownerId: ownerless ? null : random.pick(owners).ownerId,
    primaryCompanyId: companyId,
    isKeyStakeholder: random.chance(0.08),
    createdAt,
    updatedAt: createdAt + random.int(0, 30) * DAY_MS,
  };
  recordOwnerFlaws(contact, owners, manifest);
  return { contact, companyId };
}

function recordOwnerFlaws(
  contact: Contact,
  owners: readonly Owner[],
  manifest: DemoManifest,
): void {
  if (contact.ownerId === null) plant(manifest, 'ownerless', contact.contactId);
  else if (owners[contact.ownerId - ID_BASE.owner - 1]?.archived)
    plant(manifest, 'ownedByDeparted', contact.contactId);
}
