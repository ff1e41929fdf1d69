import type { FakeRecord, FakeRecords } from './records.js';

/**
 * The CRM endpoints Rapport's gateway reads and writes, answered in HubSpot's documented shapes
 * (v3 objects list / batch read / batch update / batch create / search, v4 association batch
 * read, v3 owners). Transport-free: the Express server and tests call `handle`.
 */
export interface FakeReply {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;
interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

/** HubSpot's cap on how deep one search query pages (`after` + `limit` ≤ 10,000). */
export const SEARCH_CAP = 10_000;
const DATE_PROPERTIES = new Set(['lastmodifieddate', 'hs_lastmodifieddate']);
const CREATED_PROPERTIES = new Set(['createdate', 'hs_createdate']);

const error = (status: number, message: string, category: string): FakeReply => ({
  status,
  body: { status: 'error', message, correlationId: 'fake-0000', category },
});

/** The value a filter or a sort compares for a record (dates as epoch milliseconds). */
function valueOf(record: FakeRecord, property: string): number | string | null {
  if (property === 'hs_object_id') return Number(record.id);
  if (DATE_PROPERTIES.has(property)) return Date.parse(record.updatedAt);
  if (CREATED_PROPERTIES.has(property)) return Date.parse(record.createdAt);
  const raw = record.properties[property] ?? null;
  return raw !== null && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

function matches(record: FakeRecord, f: Filter): boolean {
  const v = valueOf(record, f.propertyName);
  const num = (s: string | undefined) =>
    s !== undefined && Number.isFinite(Number(s)) ? Number(s) : s;
  const a = num(f.value);
  switch (f.operator) {
    case 'EQ':
      return v === a;
    case 'NEQ':
      return v !== a;
    case 'GT':
      return v !== null && a !== undefined && v > a;
    case 'GTE':
      return v !== null && a !== undefined && v >= a;
    case 'LT':
      return v !== null && a !== undefined && v < a;
    case 'LTE':
      return v !== null && a !== undefined && v <= a;
    case 'BETWEEN':
      return v !== null && a !== undefined && v >= a && v <= (num(f.highValue) ?? a);
    case 'HAS_PROPERTY':
      return v !== null && v !== '';
    case 'NOT_HAS_PROPERTY':
      return v === null || v === '';
    case 'IN':
      return (f.values ?? []).map(num).includes(v ?? undefined);
    default:
      throw new Error(`the fake HubSpot does not support the ${f.operator} operator`);
  }
}

/** The id bounds a filter group sets on hs_object_id: the fast path for id-range partitions. */
function idBounds(filters: readonly Filter[]): { after: number; to: number } {
  let after = 0;
  let to = Number.MAX_SAFE_INTEGER;
  for (const f of filters) {
    if (f.propertyName !== 'hs_object_id') continue;
    const v = Number(f.value);
    if (f.operator === 'GT') after = Math.max(after, v);
    if (f.operator === 'GTE' || f.operator === 'BETWEEN') after = Math.max(after, v - 1);
    if (f.operator === 'LT') to = Math.min(to, v - 1);
    if (f.operator === 'LTE') to = Math.min(to, v);
    if (f.operator === 'BETWEEN') to = Math.min(to, Number(f.highValue));
  }
  return { after, to };
}

function shaped(record: FakeRecord, wanted: readonly string[]): FakeRecord {
  return {
    ...record,
    properties: {
      hs_object_id: record.id,
      ...Object.fromEntries(wanted.map((p) => [p, record.properties[p] ?? null])),
    },
  };
}

export function createCrmApi(
  records: FakeRecords,
  clock: () => string,
  options: { listOutOfOrder?: boolean } = {},
) {
  function list(type: string, query: URLSearchParams): FakeReply {
    const limit = Math.min(100, Number(query.get('limit') ?? 10));
    const after = Number(query.get('after') ?? 0);
    const wanted = query.getAll('properties').flatMap((p) => p.split(','));
    const page = records.page(type, after, limit + 1);
    const inOrder = page.slice(0, limit).map((r) => shaped(r, wanted));
    const last = inOrder.at(-1);
    // HubSpot documents the cursor as opaque: a portal whose pages came in another order.
    const results = options.listOutOfOrder ? [...inOrder].reverse() : inOrder;
    return {
      status: 200,
      body: {
        results,
        ...(page.length > limit && last
          ? {
              paging: {
                next: {
                  after: last.id,
                  link: `?after=${last.id}`,
                },
              },
            }
          : {}),
      },
    };
  }

  function search(type: string, body: Json): FakeReply {
    const limit = Math.min(200, Number(body['limit'] ?? 10));
    const offset = Number(body['after'] ?? 0);
    if (offset + limit > SEARCH_CAP)
      return error(
        400,
        `Paging beyond ${SEARCH_CAP} results is not supported; narrow the search instead`,
        'VALIDATION_ERROR',
      );
    const groups = ((body['filterGroups'] as { filters: Filter[] }[] | undefined) ?? []).map(
      (g) => g.filters,
    );
    const sorts =
      (body['sorts'] as { propertyName: string; direction: string }[] | undefined) ?? [];
    const wanted = (body['properties'] as string[] | undefined) ?? [];
    const sort = sorts[0] ?? { propertyName: 'hs_object_id', direction: 'ASCENDING' };

    // Id ranges sorted by id (the backfill's partitions) are answered from the index directly.
    const onlyIds =
      groups.length === 1 &&
      groups[0]!.every((f) => f.propertyName === 'hs_object_id') &&
      sort.propertyName === 'hs_object_id';
    let total: number;
    let results: FakeRecord[];
    if (onlyIds || groups.length === 0) {
      const { after, to } = idBounds(groups[0] ?? []);
      total = records.count(type, after, to);
      if (sort.direction === 'DESCENDING') {
        results = records.pageDown(type, after, offset + limit, to).slice(offset);
      } else {
        results = records.page(type, after, offset + limit, to).slice(offset);
      }
    } else {
      const hits: FakeRecord[] = [];
      for (let after = 0; ;) {
        const page = records.page(type, after, 10_000);
        if (page.length === 0) break;
        for (const r of page) if (groups.some((g) => g.every((f) => matches(r, f)))) hits.push(r);
        after = Number(page.at(-1)!.id);
      }
      const sign = sort.direction === 'DESCENDING' ? -1 : 1;
      hits.sort((x, y) => {
        const a = valueOf(x, sort.propertyName) ?? 0;
        const b = valueOf(y, sort.propertyName) ?? 0;
        return a < b ? -sign : a > b ? sign : Number(x.id) - Number(y.id);
      });
      total = hits.length;
      results = hits.slice(offset, offset + limit);
    }
    const next = offset + results.length;
    return {
      status: 200,
      body: {
        total,
        results: results.map((r) => shaped(r, wanted)),
        ...(next < total ? { paging: { next: { after: String(next) } } } : {}),
      },
    };
  }

  function batchRead(type: string, body: Json): FakeReply {
    const inputs = body['inputs'] as { id: string }[];
    if (inputs.length > 100)
      return error(400, 'Batch size must be at most 100', 'VALIDATION_ERROR');
    const wanted = (body['properties'] as string[] | undefined) ?? [];
    const now = clock();
    const results = inputs
      .map((i) => records.get(type, i.id))
      .filter((r): r is FakeRecord => r !== undefined)
      .map((r) => shaped(r, wanted));
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: now, completedAt: now } };
  }

  function batchUpdate(type: string, body: Json): FakeReply {
    const inputs = body['inputs'] as { id: string; properties: Record<string, string> }[];
    if (inputs.length > 100)
      return error(400, 'Batch size must be at most 100', 'VALIDATION_ERROR');
    const now = clock();
    const missing = inputs.filter((i) => !records.get(type, i.id));
    if (missing.length > 0)
      return error(
        404,
        `Object not found. objectId are usually numeric: ${missing.map((m) => m.id).join(', ')}`,
        'OBJECT_NOT_FOUND',
      );
    for (const i of inputs) records.update(type, i.id, i.properties, now);
    return {
      status: 200,
      body: {
        status: 'COMPLETE',
        results: inputs.map((i) => records.get(type, i.id)),
        startedAt: now,
        completedAt: now,
      },
    };
  }

  function batchCreate(type: string, body: Json): FakeReply {
    const inputs = body['inputs'] as {
      properties: Record<string, string>;
      associations?: { to: { id: string }; types: { associationTypeId: number }[] }[];
    }[];
    if (inputs.length > 100)
      return error(400, 'Batch size must be at most 100', 'VALIDATION_ERROR');
    const now = clock();
    const results = inputs.map((i) => {
      const created = records.create(type, i.properties, now);
      for (const a of i.associations ?? [])
        records.associate(type, created.id, 'contacts', a.to.id);
      return created;
    });
    return {
      status: 201,
      body: { status: 'COMPLETE', results, startedAt: now, completedAt: now },
    };
  }

  function associations(from: string, to: string, body: Json): FakeReply {
    const inputs = body['inputs'] as { id: string }[];
    if (inputs.length > 1_000)
      return error(400, 'Batch size must be at most 1000', 'VALIDATION_ERROR');
    const now = clock();
    const results = inputs
      .map((i) => ({ id: i.id, to: records.links(from, to, i.id) }))
      .filter((r) => r.to.length > 0)
      .map((r) => ({
        from: { id: r.id },
        to: r.to.map((id) => ({
          toObjectId: Number(id),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }],
        })),
      }));
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: now, completedAt: now } };
  }

  function owners(query: URLSearchParams): FakeReply {
    const limit = Math.min(500, Number(query.get('limit') ?? 100));
    const after = Number(query.get('after') ?? 0);
    const all = records.owners(query.get('archived') === 'true');
    const results = all.slice(after, after + limit);
    return {
      status: 200,
      body: {
        results,
        ...(after + limit < all.length
          ? { paging: { next: { after: String(after + limit) } } }
          : {}),
      },
    };
  }

  function owner(id: string, query: URLSearchParams): FakeReply {
    const byUser = query.get('idProperty') === 'userId';
    const found = [...records.owners(false), ...records.owners(true)].find((o) =>
      byUser ? String(o.userId) === id : o.id === id,
    );
    return found ? { status: 200, body: found } : error(404, 'Owner not found', 'OBJECT_NOT_FOUND');
  }

  /** Answers one request, or undefined when the path is not a CRM endpoint this fake serves. */
  return function handle(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Json,
  ): FakeReply | undefined {
    let m: RegExpExecArray | null;
    const decode = (s: string | undefined) => decodeURIComponent(s ?? '');
    if (method === 'GET' && path === '/crm/v3/owners') return owners(query);
    if (method === 'GET' && (m = /^\/crm\/v3\/owners\/([^/]+)$/.exec(path)))
      return owner(decode(m[1]), query);
    if (method === 'GET' && (m = /^\/crm\/v3\/objects\/([^/]+)$/.exec(path)))
      return list(decode(m[1]), query);
    if (method === 'POST' && (m = /^\/crm\/v3\/objects\/([^/]+)\/search$/.exec(path)))
      return search(decode(m[1]), body);
    if (
      method === 'POST' &&
      (m = /^\/crm\/v3\/objects\/([^/]+)\/batch\/(read|update|create)$/.exec(path))
    ) {
      const type = decode(m[1]);
      if (m[2] === 'read') return batchRead(type, body);
      if (m[2] === 'update') return batchUpdate(type, body);
      return batchCreate(type, body);
    }
    if (
      method === 'POST' &&
      (m = /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/.exec(path))
    )
      return associations(decode(m[1]), decode(m[2]), body);
    return undefined;
  };
}

/** Search requests count against their own, tighter budget. */
export const isSearch = (method: string, path: string): boolean =>
  method === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search$/.test(path);
