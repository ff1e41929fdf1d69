import type { Company, Owner } from '../domain/types.js';
import type {
  ContactCompanyLink,
  DealWithLinks,
  MirrorSink,
  TouchWithLinks,
} from '../store/mirror-loader.js';
import { emptyManifest, plant, type DemoManifest } from './demo-manifest.js';
import { demoSettings, writeNetwork, type KeyStakeholder } from './demo-network.js';
import { resolveDemoOptions, type DemoOptions, type DemoOptionsInput } from './demo-options.js';
import {
  ID_BASE,
  ORGANIZATION,
  makeCompany,
  makeContact,
  makeOwners,
  type ContactDraft,
} from './demo-people.js';
import { DAY_MS, createRandom, cyclic, type Random } from './demo-random.js';
import { makeTouches } from './demo-touches.js';

export interface DemoProgress {
  phase: 'owners' | 'companies' | 'contacts' | 'deals' | 'network';
  done: number;
  total: number;
}

const KEY_STAKEHOLDER_POOL = 5_000;
const CONTACTS_PER_COMPANY_SAMPLE = 4;

/**
 * Streams a deterministic demo organization into `sink`: same seed and asOf, same rows.
 * Memory stays bounded at any size: contacts and touches go out in batches, and only small
 * samples (recent contacts for duplicates, a few contacts per company for deals) are kept.
 */
export async function generateDemo(
  sink: MirrorSink,
  input: DemoOptionsInput = {},
  onProgress: (progress: DemoProgress) => void = () => undefined,
): Promise<{ options: DemoOptions; manifest: DemoManifest }> {
  const options = resolveDemoOptions(input);
  const random = createRandom(options.seed);
  const manifest = emptyManifest();

  await sink.portal({
    portalId: options.portalId,
    name: `${ORGANIZATION.name} (demo)`,
    source: 'demo',
    createdAt: options.asOf - 800 * DAY_MS,
  });
  const owners = makeOwners(options, random);
  const active = owners.filter((o) => !o.archived);
  await sink.owners(owners);
  await sink.settings(demoSettings(cyclic(active, 0)), 'rapport-demo', options.asOf - 400 * DAY_MS);
  manifest.totals.owners = owners.length;
  onProgress({ phase: 'owners', done: owners.length, total: owners.length });

  const domains = await writeCompanies(sink, options, random, active, manifest, onProgress);
  const { keyStakeholders, contactsByCompany } = await writeContactsAndTouches(sink, {
    options,
    random,
    owners,
    active,
    manifest,
    domains,
    onProgress,
  });
  await writeDeals(sink, { options, random, active, contactsByCompany, manifest, onProgress });
  await writeNetwork(sink, { options, random, owners, keyStakeholders, manifest });
  onProgress({ phase: 'network', done: 1, total: 1 });
  return { options, manifest };
}

async function writeCompanies(
  sink: MirrorSink,
  options: DemoOptions,
  random: Random,
  active: readonly Owner[],
  manifest: DemoManifest,
  onProgress: (p: DemoProgress) => void,
): Promise<string[]> {
  const domains: string[] = [];
  let batch: Company[] = [];
  for (let i = 0; i < options.companies; i += 1) {
    const company = makeCompany(i, options, random, active);
    domains.push(company.domain ?? 'mail.example');
    batch.push(company);
    if (batch.length >= options.batchSize || i === options.companies - 1) {
      await sink.companies(batch);
      batch = [];
      onProgress({ phase: 'companies', done: i + 1, total: options.companies });
    }
  }
  manifest.totals.companies = options.companies;
  return domains;
}

async function writeContactsAndTouches(
  sink: MirrorSink,
  ctx: {
    options: DemoOptions;
    random: Random;
    owners: readonly Owner[];
    active: readonly Owner[];
    manifest: DemoManifest;
    domains: readonly string[];
    onProgress: (p: DemoProgress) => void;
  },
): Promise<{ keyStakeholders: KeyStakeholder[]; contactsByCompany: Map<number, number[]> }> {
  const { options, random, owners, manifest } = ctx;
  const jobTitles = Array.from({ length: 400 }, () => random.faker.person.jobTitle());
  const recent: ContactDraft[] = [];
  const keyStakeholders: KeyStakeholder[] = [];
  const contactsByCompany = new Map<number, number[]>();
  const perContact = options.touches / options.contacts;
  let touchId = ID_BASE.touch;
  let contacts: ContactDraft[] = [];
  let touches: TouchWithLinks[] = [];

  const flush = async (done: number) => {
    const links: ContactCompanyLink[] = contacts.flatMap((d) =>
      d.companyId === null
        ? []
        : [{ contactId: d.contact.contactId, companyId: d.companyId, primary: true }],
    );
    await sink.contacts(
      contacts.map((d) => d.contact),
      links,
    );
    await sink.touches(touches);
    manifest.totals.contacts += contacts.length;
    manifest.totals.touches += touches.length;
    contacts = [];
    touches = [];
    ctx.onProgress({ phase: 'contacts', done, total: options.contacts });
  };

  for (let i = 0; i < options.contacts; i += 1) {
    const draft = makeContact(i, {
      options,
      random,
      owners,
      jobTitles,
      manifest,
      recent,
      companyDomain: (id) => ctx.domains[id - ID_BASE.company - 1] ?? 'mail.example',
    });
    contacts.push(draft);
    recent.push(draft);
    if (recent.length > 64) recent.shift();

    const contactTouches = makeTouches(draft, {
      random,
      asOf: options.asOf,
      perContact,
      activeOwners: ctx.active,
      ownerById: (id) => owners[id - ID_BASE.owner - 1],
      nextTouchId: () => (touchId += 1),
    });
    touches.push(...contactTouches);

    const { contact, companyId } = draft;
    if (contact.isKeyStakeholder) {
      if (keyStakeholders.length < KEY_STAKEHOLDER_POOL)
        keyStakeholders.push({ contactId: contact.contactId, companyId });
      if (new Set(contactTouches.map((t) => t.touch.ownerId)).size === 1)
        plant(manifest, 'singleThreadedKeyStakeholder', contact.contactId);
    }
    if (companyId !== null) {
      const sample = contactsByCompany.get(companyId) ?? [];
      if (sample.length < CONTACTS_PER_COMPANY_SAMPLE)
        contactsByCompany.set(companyId, [...sample, contact.contactId]);
    }
    if (contacts.length >= options.batchSize || touches.length >= options.batchSize)
      await flush(i + 1);
  }
  await flush(options.contacts);
  return { keyStakeholders, contactsByCompany };
}

async function writeDeals(
  sink: MirrorSink,
  ctx: {
    options: DemoOptions;
    random: Random;
    active: readonly Owner[];
    contactsByCompany: Map<number, number[]>;
    manifest: DemoManifest;
    onProgress: (p: DemoProgress) => void;
  },
): Promise<void> {
  const { options, random } = ctx;
  const companies = [...ctx.contactsByCompany.keys()];
  if (companies.length === 0) return;
  let batch: DealWithLinks[] = [];
  for (let i = 0; i < options.deals; i += 1) {
    const companyId = random.pick(companies);
    const contactIds = (ctx.contactsByCompany.get(companyId) ?? []).slice(0, random.int(1, 2));
    const createdAt = ctx.options.asOf - random.int(20, 700) * DAY_MS;
    const stage = random.weighted([
      ['closedwon', 35],
      ['closedlost', 20],
      ['contractsent', 15],
      ['qualifiedtobuy', 30],
    ] as const);
    const closed = stage === 'closedwon' || stage === 'closedlost';
    const closeDate = closed
      ? Math.min(options.asOf, createdAt + random.int(14, 180) * DAY_MS)
      : options.asOf + random.int(10, 120) * DAY_MS;
    batch.push({
      deal: {
        dealId: ID_BASE.deal + i + 1,
        name: `${random.faker.commerce.productName()} deal`,
        amount: random.chance(0.97) ? random.int(50, 2_500) * 100 : null,
        stage,
        closed,
        closedWon: stage === 'closedwon',
        createdAt,
        closeDate,
        ownerId: random.pick(ctx.active).ownerId,
        updatedAt: closed ? closeDate : createdAt,
      },
      contactIds,
      companyIds: [companyId],
    });
    if (batch.length >= options.batchSize || i === options.deals - 1) {
      await sink.deals(batch);
      batch = [];
      ctx.onProgress({ phase: 'deals', done: i + 1, total: options.deals });
    }
  }
  ctx.manifest.totals.deals = options.deals;
}
