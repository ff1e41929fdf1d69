import nock from 'nock';
import { hubspotFixture } from './fixtures.js';

export const HUBSPOT_API = 'https://api.hubapi.com';

type Collection = { results: Record<string, unknown>[] };
const contactProperties = hubspotFixture<Collection>('properties-contacts.json');
const companyProperties = hubspotFixture<Collection>('properties-companies.json');
const propertyGroups = hubspotFixture<Collection>('property-groups.json');
const missingScopes = hubspotFixture<{ errors: Record<string, unknown>[] }>(
  'error-missing-scopes.json',
);
const conflict = hubspotFixture('error-conflict.json');

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Override {
  method: string;
  path: RegExp;
  replies: Reply[];
}

/**
 * A HubSpot portal behind nock that behaves like the schemas, properties and association-label
 * APIs: it keeps state, answers in HubSpot's documented shapes (test/fixtures/hubspot), records
 * every write, and can be told to fail the next calls to a path.
 */
export function fakeHubspotPortal(
  options: { portalId?: number; grantedScopes?: readonly string[] } = {},
) {
  const portalId = options.portalId ?? 99_990_001;
  let nextId = 100;
  const state = {
    schemas: [] as Json[],
    properties: {
      contacts: structuredClone(contactProperties.results),
      companies: structuredClone(companyProperties.results),
    } as Record<string, Json[]>,
    groups: {
      contacts: structuredClone(propertyGroups.results),
      companies: structuredClone(propertyGroups.results),
    } as Record<string, Json[]>,
    labels: {} as Record<string, Json[]>,
    /** CRM records by object type ("contacts", "calls", …) and id, for batch reads. */
    objects: {} as Record<
      string,
      Record<
        string,
        { properties: Record<string, string | null>; createdAt: string; updatedAt: string }
      >
    >,
    /** Associations by `${from}|${to}` and source id. */
    associations: {} as Record<string, Record<string, string[]>>,
    owners: {} as Record<string, Json>,
  };
  const writes: { method: string; path: string; body: Json }[] = [];
  const calls: { method: string; path: string }[] = [];
  const overrides: Override[] = [];
  const now = '2026-11-28T08:00:00.000Z';

  const schemaByType = (objectType: string) =>
    state.schemas.find(
      (s) =>
        s['objectTypeId'] === objectType ||
        s['name'] === objectType ||
        s['fullyQualifiedName'] === objectType ||
        `p_${String(s['name'])}` === objectType,
    );
  const propertiesOf = (objectType: string): Json[] | undefined => {
    if (state.properties[objectType]) return state.properties[objectType];
    return schemaByType(objectType)?.['properties'] as Json[] | undefined;
  };
  const error = (status: number, body: unknown): [number, unknown] => [status, body];

  function handle(
    method: string,
    path: string,
    body: Json,
  ): [number, unknown, (Record<string, string> | undefined)?] {
    calls.push({ method, path });
    const override = overrides.find(
      (o) => o.method === method && o.path.test(path) && o.replies.length > 0,
    );
    if (override) {
      const reply = override.replies.shift()!;
      return [reply.status, reply.body ?? {}, reply.headers];
    }
    if (method !== 'GET' && !path.endsWith('/batch/read')) writes.push({ method, path, body });
    let m: RegExpMatchArray | null;

    if (method === 'GET' && path === '/crm-object-schemas/v3/schemas')
      return [200, { results: state.schemas }];
    if (method === 'POST' && path === '/crm-object-schemas/v3/schemas') {
      if (state.schemas.some((s) => s['name'] === body['name'])) return error(409, conflict);
      const id = String((nextId += 1));
      const objectTypeId = `2-${id}`;
      const group = `${String(body['name'])}_information`;
      const schema: Json = {
        id,
        name: body['name'],
        objectTypeId,
        fullyQualifiedName: `p${portalId}_${String(body['name'])}`,
        labels: body['labels'],
        primaryDisplayProperty: body['primaryDisplayProperty'],
        secondaryDisplayProperties: body['secondaryDisplayProperties'] ?? [],
        requiredProperties: body['requiredProperties'],
        searchableProperties: body['searchableProperties'] ?? [],
        archived: false,
        createdAt: now,
        updatedAt: now,
        associations: (body['associatedObjects'] as string[]).map((o) => ({
          id: String((nextId += 1)),
          fromObjectTypeId: objectTypeId,
          toObjectTypeId: o === 'CONTACT' ? '0-1' : o === 'COMPANY' ? '0-2' : '0-3',
          name: `${String(body['name'])}_to_${o.toLowerCase()}`,
          createdAt: now,
          updatedAt: now,
        })),
        properties: (body['properties'] as Json[]).map((p) => ({
          ...p,
          groupName: group,
          options: p['options'] ?? [],
          hubspotDefined: false,
          archived: false,
          createdAt: now,
          updatedAt: now,
        })),
      };
      state.schemas.push(schema);
      return [201, schema];
    }
    if (
      method === 'POST' &&
      (m = /^\/crm-object-schemas\/v3\/schemas\/([^/]+)\/associations$/.exec(path))
    ) {
      const schema = schemaByType(decodeURIComponent(m[1]!));
      if (!schema)
        return error(404, {
          status: 'error',
          message: 'Unknown object type',
          category: 'OBJECT_NOT_FOUND',
        });
      const association = {
        id: String((nextId += 1)),
        fromObjectTypeId: body['fromObjectTypeId'],
        toObjectTypeId: body['toObjectTypeId'],
        name: body['name'],
        createdAt: now,
        updatedAt: now,
      };
      (schema['associations'] as Json[]).push(association);
      return [201, association];
    }
    if ((m = /^\/crm\/v3\/properties\/([^/]+)\/groups$/.exec(path))) {
      const objectType = decodeURIComponent(m[1]!);
      const groups = (state.groups[objectType] ??= []);
      if (method === 'GET') return [200, { results: groups }];
      if (groups.some((g) => g['name'] === body['name'])) return error(409, conflict);
      const group = { ...body, archived: false };
      groups.push(group);
      return [201, group];
    }
    if ((m = /^\/crm\/v3\/properties\/([^/]+)(?:\/([^/]+))?$/.exec(path))) {
      const objectType = decodeURIComponent(m[1]!);
      const list = propertiesOf(objectType);
      if (!list)
        return error(404, {
          status: 'error',
          message: `Unable to infer object type from: ${objectType}`,
          category: 'OBJECT_NOT_FOUND',
        });
      if (method === 'GET' && !m[2]) return [200, { results: list }];
      if (method === 'POST') {
        if (list.some((p) => p['name'] === body['name'])) return error(409, conflict);
        const property = {
          ...body,
          options: body['options'] ?? [],
          hubspotDefined: false,
          archived: false,
          createdAt: now,
          updatedAt: now,
        };
        list.push(property);
        return [201, property];
      }
      if (method === 'PATCH' && m[2]) {
        const property = list.find((p) => p['name'] === m![2]);
        if (!property)
          return error(404, {
            status: 'error',
            message: 'Property does not exist',
            category: 'OBJECT_NOT_FOUND',
          });
        Object.assign(property, body, { updatedAt: now });
        return [200, property];
      }
    }
    if (method === 'POST' && (m = /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/.exec(path))) {
      const records = state.objects[decodeURIComponent(m[1]!)] ?? {};
      const wanted = (body['properties'] as string[] | undefined) ?? [];
      const results = (body['inputs'] as { id: string }[])
        .filter((input) => records[input.id])
        .map((input) => {
          const record = records[input.id]!;
          return {
            id: input.id,
            properties: Object.fromEntries(wanted.map((p) => [p, record.properties[p] ?? null])),
            createdAt: record.createdAt,
            updatedAt: record.updatedAt,
            archived: false,
          };
        });
      return [200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }];
    }
    if (
      method === 'POST' &&
      (m = /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/.exec(path))
    ) {
      const links =
        state.associations[`${decodeURIComponent(m[1]!)}|${decodeURIComponent(m[2]!)}`] ?? {};
      const results = (body['inputs'] as { id: string }[])
        .filter((input) => links[input.id])
        .map((input) => ({
          from: { id: input.id },
          to: links[input.id]!.map((id) => ({
            toObjectId: Number(id),
            associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }],
          })),
        }));
      return [200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }];
    }
    if (method === 'GET' && (m = /^\/crm\/v3\/owners\/([^/]+)$/.exec(path))) {
      const owner = state.owners[decodeURIComponent(m[1]!)];
      return owner
        ? [200, owner]
        : error(404, { status: 'error', message: 'Owner not found', category: 'OBJECT_NOT_FOUND' });
    }
    if ((m = /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/labels$/.exec(path))) {
      const key = `${decodeURIComponent(m[1]!)}|${decodeURIComponent(m[2]!)}`;
      const labels = (state.labels[key] ??= [
        { category: 'HUBSPOT_DEFINED', typeId: (nextId += 1), label: null },
      ]);
      if (method === 'GET') return [200, { results: labels }];
      const created = [
        { category: 'USER_DEFINED', typeId: (nextId += 1), label: body['label'] },
        { category: 'USER_DEFINED', typeId: (nextId += 1), label: body['inverseLabel'] },
      ];
      labels.push(created[0]!);
      return [200, { results: created }];
    }
    return error(404, {
      status: 'error',
      message: `fake HubSpot has no route for ${method} ${path}`,
    });
  }

  const reply = (method: string) =>
    function (this: unknown, uri: string, requestBody: nock.Body): nock.ReplyFnResult {
      const url = new URL(uri, HUBSPOT_API);
      const body = (
        typeof requestBody === 'string' && requestBody ? JSON.parse(requestBody) : requestBody || {}
      ) as Json;
      const [status, responseBody, headers] = handle(method, url.pathname, body);
      return [
        status,
        responseBody as nock.Body,
        { 'content-type': 'application/json', ...(headers ?? {}) },
      ];
    };
  const scope = nock(HUBSPOT_API).persist();
  for (const method of ['GET', 'POST', 'PATCH'] as const)
    scope.intercept(/.*/, method).reply(reply(method));

  return {
    state,
    writes,
    calls,
    /** The next calls matching method and path answer with these replies, in order. */
    failNext(method: string, path: RegExp, ...replies: Reply[]) {
      overrides.push({ method, path, replies: [...replies] });
    },
    /** A CRM record as HubSpot holds it (properties are strings, as the API returns them). */
    addObject(
      type: string,
      id: number,
      properties: Record<string, string | null>,
      times: { createdAt?: string; updatedAt?: string } = {},
    ) {
      (state.objects[type] ??= {})[String(id)] = {
        properties,
        createdAt: times.createdAt ?? now,
        updatedAt: times.updatedAt ?? now,
      };
    },
    associate(fromType: string, fromId: number, toType: string, toIds: number[]) {
      (state.associations[`${fromType}|${toType}`] ??= {})[String(fromId)] = toIds.map(String);
    },
    addOwner(owner: {
      id: number;
      userId: number;
      email: string;
      firstName: string;
      lastName: string;
      archived?: boolean;
    }) {
      state.owners[String(owner.userId)] = {
        ...owner,
        id: String(owner.id),
        archived: owner.archived ?? false,
        type: 'PERSON',
        createdAt: now,
        updatedAt: now,
        teams: [],
      };
    },
    /** Calls seen so far whose path matches. */
    count: (method: string, path: RegExp) =>
      calls.filter((c) => c.method === method && path.test(c.path)).length,
    missingScopesReply: (scopes: string[]): Reply => ({
      status: 403,
      body: {
        ...missingScopes,
        errors: [{ ...missingScopes.errors[0], context: { requiredGranularScopes: scopes } }],
      },
    }),
    done() {
      nock.cleanAll();
    },
  };
}

export type FakeHubspotPortal = ReturnType<typeof fakeHubspotPortal>;
