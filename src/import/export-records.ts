import type { Company, Contact, Deal, Owner } from '../domain/types.js';
import type { TouchWithLinks } from '../store/mirror-loader.js';
import { idList } from './export-columns.js';

const DAY_MS = 86_400_000;
/** Touches approximated per contact from "Number of times contacted" (the export has no activities). */
const MAX_APPROXIMATE_TOUCHES = 12;

/** One accepted row of an export: its id, dates already parsed, and its cells by field. */
export interface ExportRow {
  id: number;
  createdAt: number;
  updatedAt: number;
  dates: Record<string, number | null>;
  cell: (field: string) => string | undefined;
  ownerOf: (name: string | undefined) => number | null;
}

/** FNV-1a: a stable id for an owner known only by name (the same name, the same id, every import). */
function ownerIdOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name.toLowerCase()) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1_000_000_000 + (h % 1_000_000_000);
}

/**
 * The owners an import meets: an export names them by id or by name/email, and each name becomes
 * one owner (with a stable id) the first time it is seen.
 */
export function exportOwners(now: number) {
  const owners = new Map<number, Owner>();
  const ownerOf = (name: string | undefined): number | null => {
    const value = name?.trim();
    if (!value) return null;
    if (/^\d+$/.test(value)) return Number(value);
    const id = ownerIdOf(value);
    if (!owners.has(id)) {
      const [first, ...rest] = value.includes('@') ? [value] : value.split(/\s+/);
      owners.set(id, {
        ownerId: id,
        userId: null,
        email: value.includes('@') ? value : null,
        firstName: value.includes('@') ? null : (first ?? null),
        lastName: value.includes('@') ? null : rest.join(' ') || null,
        archived: false,
        archivedAt: null,
        updatedAt: now,
      });
    }
    return id;
  };
  return { owners, ownerOf };
}

/** A contact row: the contact, its company links, and the touches its contact counts stand for. */
export function contactRecord({ id, createdAt, updatedAt, dates, cell, ownerOf }: ExportRow): {
  contact: Contact;
  links: { contactId: number; companyId: number; primary: boolean }[];
  touches: TouchWithLinks[];
} {
  const companyIds = idList(cell('companyIds'));
  const ownerId = ownerOf(cell('owner'));
  const contact: Contact = {
    contactId: id,
    email: cell('email') ?? null,
    firstName: cell('firstName') ?? null,
    lastName: cell('lastName') ?? null,
    phone: cell('phone') ?? null,
    jobTitle: cell('jobTitle') ?? null,
    companyName: cell('companyName') ?? null,
    linkedinUrl: cell('linkedinUrl') ?? null,
    lifecycleStage: cell('lifecycleStage')?.toLowerCase().replace(/\s+/g, '') ?? null,
    ownerId,
    primaryCompanyId: companyIds[0] ?? null,
    isKeyStakeholder: false,
    createdAt,
    updatedAt,
  };
  const links = companyIds.map((companyId, k) => ({ contactId: id, companyId, primary: k === 0 }));
  // The export has no activities: "Number of times contacted" touches by the owner, a month
  // apart, ending at "Last contacted". The report marks these metrics approximate.
  const times = Math.min(
    MAX_APPROXIMATE_TOUCHES,
    Math.max(0, Math.floor(Number(cell('timesContacted') ?? 0)) || 0),
  );
  const last = dates['lastContacted'] ?? dates['lastActivity'];
  const touches: TouchWithLinks[] = [];
  if (last && ownerId !== null)
    for (let k = 0; k < Math.max(1, times); k += 1) {
      const at = last - k * 30 * DAY_MS;
      touches.push({
        touch: {
          touchId: 900_000_000_000_000 + id * 16 + k,
          type: 'email_out',
          occurredAt: at,
          loggedAt: at,
          ownerId,
        },
        contactIds: [id],
        companyIds: [],
      });
    }
  return { contact, links, touches };
}

export function companyRecord({ id, createdAt, updatedAt, cell, ownerOf }: ExportRow): Company {
  return {
    companyId: id,
    name: cell('name') ?? null,
    domain:
      cell('domain')
        ?.replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '') ?? null,
    industry: cell('industry') ?? null,
    ownerId: ownerOf(cell('owner')),
    createdAt,
    updatedAt,
  };
}

/** A deal row with its associations, or why the row cannot be used. */
export function dealRecord({
  id,
  createdAt,
  updatedAt,
  dates,
  cell,
  ownerOf,
}: ExportRow): { deal: Deal; contactIds: number[]; companyIds: number[] } | { rejection: string } {
  const amountText = cell('amount')?.replace(/[,\s]/g, '');
  const amount = amountText === undefined ? null : Number(amountText);
  if (amount !== null && !Number.isFinite(amount))
    return { rejection: `Amount "${cell('amount')}" is not a number` };
  const stage = cell('stage') ?? '';
  return {
    deal: {
      dealId: id,
      name: cell('name') ?? null,
      amount,
      stage,
      closedWon: /won/i.test(stage),
      closed: /won|lost/i.test(stage),
      createdAt,
      closeDate: dates['closeDate'] ?? null,
      ownerId: ownerOf(cell('owner')),
      updatedAt,
    },
    contactIds: idList(cell('contactIds')),
    companyIds: idList(cell('companyIds')),
  };
}
