import type { FakeOwner, FakeRecord, FakeRecords } from './records.js';

/**
 * A portal of any size computed from record ids, holding nothing in memory: the backfill
 * benchmark's 1M contacts with 100k companies, 25k deals and 10 engagements per contact (a
 * quarter each calls, emails, meetings and notes), and 500 networkers of whom 15 left. Every
 * type's ids are a contiguous block; engagements share one id space as HubSpot's do.
 */
const STAMP = '2026-10-01T08:00:00.000Z';
const DAY = 86_400_000;
const ACTIVE_OWNERS = 500;
const ARCHIVED_OWNERS = 15;

interface Block {
  base: number;
  count: number;
}

export class SyntheticRecords implements FakeRecords {
  private readonly blocks: Record<string, Block>;
  private readonly contacts: number;
  private readonly companies: number;
  private readonly engagementsPerType: number;

  constructor(contacts: number) {
    this.contacts = contacts;
    this.companies = Math.max(1, Math.round(contacts / 10));
    this.engagementsPerType = Math.round((contacts * 10) / 4);
    const e = this.engagementsPerType;
    this.blocks = {
      contacts: { base: 10_000_000, count: contacts },
      companies: { base: 20_000_000, count: this.companies },
      deals: { base: 30_000_000, count: Math.round(contacts / 40) },
      calls: { base: 100_000_000, count: e },
      emails: { base: 100_000_000 + e, count: e },
      meetings: { base: 100_000_000 + 2 * e, count: e },
      notes: { base: 100_000_000 + 3 * e, count: e },
    };
  }

  page(type: string, afterId: number, limit: number, toId = Number.MAX_SAFE_INTEGER): FakeRecord[] {
    const block = this.blocks[type];
    if (!block) return [];
    const first = Math.max(afterId + 1, block.base + 1);
    const last = Math.min(toId, block.base + block.count, first + limit - 1);
    const out: FakeRecord[] = [];
    for (let id = first; id <= last; id += 1) out.push(this.record(type, block, id));
    return out;
  }

  pageDown(type: string, afterId: number, limit: number, toId: number): FakeRecord[] {
    const block = this.blocks[type];
    if (!block) return [];
    const last = Math.min(toId, block.base + block.count);
    const first = Math.max(afterId + 1, block.base + 1, last - limit + 1);
    const out: FakeRecord[] = [];
    for (let id = last; id >= first; id -= 1) out.push(this.record(type, block, id));
    return out;
  }

  get(type: string, id: string): FakeRecord | undefined {
    const block = this.blocks[type];
    const n = Number(id);
    return block && n > block.base && n <= block.base + block.count
      ? this.record(type, block, n)
      : undefined;
  }

  count(type: string, afterId = 0, toId = Number.MAX_SAFE_INTEGER): number {
    const block = this.blocks[type];
    if (!block) return 0;
    return Math.max(0, Math.min(toId, block.base + block.count) - Math.max(afterId, block.base));
  }

  links(fromType: string, toType: string, id: string): string[] {
    const block = this.blocks[fromType];
    if (!block) return [];
    const k = Number(id) - block.base; // 1-based index within the type
    const contactOf = (i: number) => ((i - 1) % this.contacts) + 1;
    const companyOfContact = (c: number) => ((c - 1) % this.companies) + 1;
    const contactId = (c: number) => String(this.blocks['contacts']!.base + c);
    const companyId = (c: number) => String(this.blocks['companies']!.base + companyOfContact(c));
    if (fromType === 'contacts' && toType === 'companies') return [companyId(k)];
    if (fromType === 'deals') {
      const c = contactOf(k * 40);
      return toType === 'contacts' ? [contactId(c)] : toType === 'companies' ? [companyId(c)] : [];
    }
    if (fromType in { calls: 1, emails: 1, meetings: 1, notes: 1 }) {
      const g = Number(id) - this.blocks['calls']!.base;
      const c = contactOf(g);
      if (toType === 'contacts') return [contactId(c)];
      // One engagement in ten is logged on the company as well.
      if (toType === 'companies') return g % 10 === 0 ? [companyId(c)] : [];
    }
    return [];
  }

  owners(archived: boolean): FakeOwner[] {
    const from = archived ? ACTIVE_OWNERS + 1 : 1;
    const count = archived ? ARCHIVED_OWNERS : ACTIVE_OWNERS;
    return Array.from({ length: count }, (_, i) => ({
      id: String(from + i),
      userId: 9_000 + from + i,
      email: `networker${from + i}@org.example`,
      firstName: 'Net',
      lastName: `Worker ${from + i}`,
      archived,
      type: 'PERSON' as const,
      createdAt: STAMP,
      updatedAt: STAMP,
      teams: [],
    }));
  }

  update(): boolean {
    return true;
  }

  create(_type: string, properties: Record<string, string | null>, at: string): FakeRecord {
    return { id: '1', properties, createdAt: at, updatedAt: at, archived: false };
  }

  associate(): void {}

  private record(type: string, block: Block, id: number): FakeRecord {
    const k = id - block.base;
    const owner = String(((k * 7) % (ACTIVE_OWNERS + ARCHIVED_OWNERS)) + 1);
    const at = new Date(Date.parse(STAMP) - (k % 365) * DAY).toISOString();
    const properties: Record<string, string | null> =
      type === 'contacts'
        ? {
            email: `c${k}@people.example`,
            firstname: 'Pat',
            lastname: `Person ${k}`,
            phone: null,
            jobtitle: k % 3 === 0 ? 'Director' : null,
            hubspot_owner_id: owner,
            associatedcompanyid: String(
              this.blocks['companies']!.base + ((k - 1) % this.companies) + 1,
            ),
          }
        : type === 'companies'
          ? { name: `Company ${k}`, domain: `company${k}.example`, hubspot_owner_id: owner }
          : type === 'deals'
            ? {
                dealname: `Deal ${k}`,
                amount: String(1_000 * ((k % 50) + 1)),
                dealstage: k % 3 === 0 ? 'closedwon' : 'appointmentscheduled',
                closedate: at,
                hubspot_owner_id: owner,
              }
            : {
                hs_timestamp: at,
                hubspot_owner_id: owner,
                hs_call_direction: 'OUTBOUND',
                hs_email_direction: k % 2 === 0 ? 'INCOMING_EMAIL' : 'EMAIL',
              };
    return {
      id: String(id),
      properties: { hs_object_id: String(id), ...properties },
      createdAt: at,
      updatedAt: STAMP,
      archived: false,
    };
  }
}
