/**
 * What the fake HubSpot serves: CRM records per object type in id order, their associations and
 * the owners. Two sources share this shape: `MemoryRecords` (tests: small, mutable, inspectable)
 * and `SyntheticRecords` (the backfill benchmark: millions of records computed from their ids,
 * so the fake holds none of them in memory).
 */
export interface FakeRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface FakeOwner {
  id: string;
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
  type: 'PERSON';
  createdAt: string;
  updatedAt: string;
  teams: never[];
}

export interface FakeRecords {
  /** Up to `limit` records of a type with ids > `afterId` and ≤ `toId`, in id order. */
  page(type: string, afterId: number, limit: number, toId?: number): FakeRecord[];
  /** The same range from the top: up to `limit` records with ids ≤ `toId` and > `afterId`, highest first. */
  pageDown(type: string, afterId: number, limit: number, toId: number): FakeRecord[];
  get(type: string, id: string): FakeRecord | undefined;
  /** How many records of a type have ids in (afterId, toId]. */
  count(type: string, afterId?: number, toId?: number): number;
  links(fromType: string, toType: string, id: string): string[];
  owners(archived: boolean): FakeOwner[];
  /** Writes: a batch update's properties, a created record. */
  update(type: string, id: string, properties: Record<string, string | null>, at: string): boolean;
  create(type: string, properties: Record<string, string | null>, at: string): FakeRecord;
  associate(fromType: string, fromId: string, toType: string, toId: string): void;
}

export class MemoryRecords implements FakeRecords {
  private readonly byType = new Map<string, Map<string, FakeRecord>>();
  private readonly sorted = new Map<string, FakeRecord[]>();
  private readonly linkMap = new Map<string, Map<string, string[]>>();
  private readonly ownerList: FakeOwner[] = [];
  private nextId = 900_000_000;

  constructor(private readonly now = '2026-11-28T08:00:00.000Z') {}

  add(
    type: string,
    id: number,
    properties: Record<string, string | null>,
    times: { createdAt?: string; updatedAt?: string } = {},
  ): FakeRecord {
    const record: FakeRecord = {
      id: String(id),
      properties: { hs_object_id: String(id), ...properties },
      createdAt: times.createdAt ?? this.now,
      updatedAt: times.updatedAt ?? this.now,
      archived: false,
    };
    this.table(type).set(record.id, record);
    this.sorted.delete(type);
    return record;
  }

  remove(type: string, id: number): void {
    this.table(type).delete(String(id));
    this.sorted.delete(type);
  }

  addOwner(owner: {
    id: number;
    userId: number;
    email: string;
    firstName: string;
    lastName: string;
    archived?: boolean;
  }): void {
    this.ownerList.push({
      ...owner,
      id: String(owner.id),
      archived: owner.archived ?? false,
      type: 'PERSON',
      createdAt: this.now,
      updatedAt: this.now,
      teams: [],
    });
  }

  page(type: string, afterId: number, limit: number, toId = Number.MAX_SAFE_INTEGER): FakeRecord[] {
    const all = this.inOrder(type);
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Number(all[mid]!.id) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    const out: FakeRecord[] = [];
    for (let i = lo; i < all.length && out.length < limit; i += 1) {
      if (Number(all[i]!.id) > toId) break;
      out.push(all[i]!);
    }
    return out;
  }

  pageDown(type: string, afterId: number, limit: number, toId: number): FakeRecord[] {
    return this.page(type, afterId, Number.MAX_SAFE_INTEGER, toId).reverse().slice(0, limit);
  }

  get(type: string, id: string): FakeRecord | undefined {
    return this.byType.get(type)?.get(id);
  }

  count(type: string, afterId = 0, toId = Number.MAX_SAFE_INTEGER): number {
    return this.inOrder(type).filter((r) => Number(r.id) > afterId && Number(r.id) <= toId).length;
  }

  links(fromType: string, toType: string, id: string): string[] {
    return this.linkMap.get(`${fromType}|${toType}`)?.get(id) ?? [];
  }

  owners(archived: boolean): FakeOwner[] {
    return this.ownerList.filter((o) => o.archived === archived);
  }

  update(type: string, id: string, properties: Record<string, string | null>, at: string): boolean {
    const record = this.get(type, id);
    if (!record) return false;
    Object.assign(record.properties, properties);
    record.updatedAt = at;
    return true;
  }

  create(type: string, properties: Record<string, string | null>, at: string): FakeRecord {
    this.nextId += 1;
    return this.add(type, this.nextId, properties, { createdAt: at, updatedAt: at });
  }

  associate(fromType: string, fromId: string, toType: string, toId: string): void {
    const key = `${fromType}|${toType}`;
    const map = this.linkMap.get(key) ?? new Map<string, string[]>();
    this.linkMap.set(key, map);
    const list = map.get(fromId) ?? [];
    if (!list.includes(toId)) list.push(toId);
    map.set(fromId, list);
  }

  /** Every record of a type, in id order (assertions). */
  all(type: string): FakeRecord[] {
    return this.inOrder(type);
  }

  private table(type: string): Map<string, FakeRecord> {
    const table = this.byType.get(type) ?? new Map<string, FakeRecord>();
    this.byType.set(type, table);
    return table;
  }

  private inOrder(type: string): FakeRecord[] {
    let list = this.sorted.get(type);
    if (!list) {
      list = [...this.table(type).values()].sort((a, b) => Number(a.id) - Number(b.id));
      this.sorted.set(type, list);
    }
    return list;
  }
}
