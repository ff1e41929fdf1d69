import { Client } from '@hubspot/api-client';
import type { z } from 'zod';
import type { CustomObjectDefinition, PropertyDefinition } from './schema/custom-objects.js';
import { classifyHubspotError, HubspotError } from './hubspot-error.js';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimitOptions } from './rate-limits.js';
import {
  collectionOf,
  remoteAssociationLabelSchema,
  remotePropertyGroupSchema,
  remotePropertySchema,
  remoteSchemaSchema,
  type RemoteAssociationLabel,
  type RemoteProperty,
  type RemotePropertyGroup,
  type RemoteSchema,
  remoteObjectSchema,
  remoteAssociationsSchema,
  remoteOwnerSchema,
  type RemoteObject,
  type RemoteOwner,
} from './remote-types.js';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './with-retries.js';
import { scopesFor, type GatewayOperation } from './scopes.js';

/** The one door to HubSpot. Every method is rate-limited, retried where that helps, and typed. */
export interface HubspotGateway {
  listSchemas(): Promise<RemoteSchema[]>;
  createSchema(definition: CustomObjectDefinition): Promise<RemoteSchema>;
  createSchemaAssociation(fromObjectTypeId: string, toObjectTypeId: string): Promise<void>;
  listProperties(objectType: string): Promise<RemoteProperty[]>;
  createProperty(
    objectType: string,
    groupName: string,
    property: PropertyDefinition,
  ): Promise<RemoteProperty>;
  updateProperty(
    objectType: string,
    name: string,
    patch: Partial<Pick<PropertyDefinition, 'label' | 'description' | 'options'>>,
  ): Promise<RemoteProperty>;
  listPropertyGroups(objectType: string): Promise<RemotePropertyGroup[]>;
  createPropertyGroup(
    objectType: string,
    group: { name: string; label: string; displayOrder: number },
  ): Promise<void>;
  listAssociationLabels(
    fromObjectType: string,
    toObjectType: string,
  ): Promise<RemoteAssociationLabel[]>;
  createAssociationLabel(
    fromObjectType: string,
    toObjectType: string,
    label: { name: string; label: string; inverseLabel: string },
  ): Promise<void>;
  /** Up to 100 records per call (HubSpot's batch limit); archived or unknown ids are simply absent. */
  batchReadObjects(
    objectType: string,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<RemoteObject[]>;
  /** Associated ids per source id, up to 1,000 source ids per call (associations v4 batch read). */
  batchReadAssociations(
    fromObjectType: string,
    toObjectType: string,
    ids: readonly string[],
  ): Promise<Map<string, string[]>>;
  getOwnerByUserId(userId: number): Promise<RemoteOwner | undefined>;
}

export interface GatewayOptions {
  accessToken: string;
  /** Another origin than https://api.hubapi.com: the fake HubSpot of the tests. */
  basePath?: string;
  limits?: RateLimitOptions;
  retry?: Partial<RetryPolicy>;
  /** Observes every call with the scopes it needs (tests; metrics later). */
  onCall?: (operation: GatewayOperation, scopes: readonly string[], objectType?: string) => void;
}

export function createHubspotGateway(options: GatewayOptions): HubspotGateway {
  // Retries and throttling are ours, not the client's: its settings are a process-wide singleton
  // (hubspot-facts.md §6), so two gateways with different limits would interfere.
  const client = new Client({
    accessToken: options.accessToken,
    numberOfApiCallRetries: 0,
    ...(options.basePath ? { basePath: options.basePath } : {}),
  });
  const limits = createRateLimits(options.limits ?? DEFAULT_RATE_LIMITS);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };

  async function call<S extends z.ZodTypeAny>(
    operation: GatewayOperation,
    action: string,
    schema: S,
    request: () => Promise<unknown>,
    objectType?: string,
  ): Promise<z.output<S>> {
    options.onCall?.(operation, scopesFor(operation, objectType), objectType);
    const response = await withRetries(action, () => limits.general(request), policy);
    const parsed = schema.safeParse(JSON.parse(JSON.stringify(response ?? null)));
    if (!parsed.success) {
      throw classifyHubspotError(
        new Error(
          `unexpected response shape: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        ),
        action,
      );
    }
    return parsed.data;
  }

  const schemas = () => client.crm.schemas.coreApi;
  const properties = () => client.crm.properties.coreApi;
  const groups = () => client.crm.properties.groupsApi;
  const labels = () => client.crm.associations.v4.schema.definitionsApi;
  type SchemaEgg = Parameters<ReturnType<typeof schemas>['create']>[0];
  type PropertyCreate = Parameters<ReturnType<typeof properties>['create']>[1];
  type PropertyUpdate = Parameters<ReturnType<typeof properties>['update']>[2];
  const anything = {
    safeParse: (value: unknown) => ({ success: true as const, data: value }),
  } as unknown as z.ZodUnknown;

  return {
    async listSchemas() {
      const page = await call(
        'listSchemas',
        'list custom object schemas',
        collectionOf(remoteSchemaSchema),
        () => schemas().getAll(),
      );
      return page.results;
    },
    createSchema: (definition) =>
      call('createSchema', `create the ${definition.name} custom object`, remoteSchemaSchema, () =>
        schemas().create({
          name: definition.name,
          labels: definition.labels,
          description: definition.description,
          primaryDisplayProperty: definition.primaryDisplayProperty,
          secondaryDisplayProperties: [...definition.secondaryDisplayProperties],
          requiredProperties: [...definition.requiredProperties],
          searchableProperties: [...definition.searchableProperties],
          associatedObjects: [...definition.associatedObjects],
          properties: definition.properties.map((p) => toPropertyBody(p, undefined)),
        } as unknown as SchemaEgg),
      ),
    async createSchemaAssociation(fromObjectTypeId, toObjectTypeId) {
      await call(
        'createSchemaAssociation',
        `associate ${fromObjectTypeId} with ${toObjectTypeId}`,
        anything,
        () => schemas().createAssociation(fromObjectTypeId, { fromObjectTypeId, toObjectTypeId }),
      );
    },
    async listProperties(objectType) {
      const page = await call(
        'listProperties',
        `list the properties of ${objectType}`,
        collectionOf(remotePropertySchema),
        () => properties().getAll(objectType),
        objectType,
      );
      return page.results;
    },
    createProperty: (objectType, groupName, property) =>
      call(
        'createProperty',
        `create the property ${property.name} on ${objectType}`,
        remotePropertySchema,
        () =>
          properties().create(
            objectType,
            toPropertyBody(property, groupName) as unknown as PropertyCreate,
          ),
        objectType,
      ),
    updateProperty: (objectType, name, patch) =>
      call(
        'updateProperty',
        `update the property ${name} on ${objectType}`,
        remotePropertySchema,
        () =>
          properties().update(objectType, name, {
            ...patch,
            ...(patch.options ? { options: optionsBody(patch.options) } : {}),
          } as unknown as PropertyUpdate),
        objectType,
      ),
    async listPropertyGroups(objectType) {
      const page = await call(
        'listPropertyGroups',
        `list the property groups of ${objectType}`,
        collectionOf(remotePropertyGroupSchema),
        () => groups().getAll(objectType),
        objectType,
      );
      return page.results;
    },
    async createPropertyGroup(objectType, group) {
      await call(
        'createPropertyGroup',
        `create the property group ${group.name} on ${objectType}`,
        anything,
        () => groups().create(objectType, group),
        objectType,
      );
    },
    async listAssociationLabels(fromObjectType, toObjectType) {
      const page = await call(
        'listAssociationLabels',
        `list association labels ${fromObjectType} → ${toObjectType}`,
        collectionOf(remoteAssociationLabelSchema),
        () => labels().getAll(fromObjectType, toObjectType),
      );
      return page.results;
    },
    async batchReadObjects(objectType, ids, properties) {
      const results: RemoteObject[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const inputs = ids.slice(i, i + 100).map((id) => ({ id }));
        const page = await call(
          'batchReadObjects',
          `read ${inputs.length} ${objectType}`,
          collectionOf(remoteObjectSchema),
          () =>
            client.crm.objects.batchApi.read(objectType, {
              inputs,
              properties: [...properties],
              propertiesWithHistory: [],
            }),
          objectType,
        );
        results.push(...page.results);
      }
      return results;
    },
    async batchReadAssociations(fromObjectType, toObjectType, ids) {
      const out = new Map<string, string[]>();
      for (let i = 0; i < ids.length; i += 1_000) {
        const inputs = ids.slice(i, i + 1_000).map((id) => ({ id }));
        const page = await call(
          'batchReadAssociations',
          `read ${fromObjectType} → ${toObjectType} associations`,
          remoteAssociationsSchema,
          () =>
            client.crm.associations.v4.batchApi.getPage(fromObjectType, toObjectType, { inputs }),
          fromObjectType,
        );
        for (const result of page.results) {
          const from = result._from?.id ?? result.from?.id;
          if (from)
            out.set(
              from,
              result.to.map((t) => String(t.toObjectId)),
            );
        }
      }
      return out;
    },
    async getOwnerByUserId(userId) {
      try {
        return await call(
          'getOwnerByUserId',
          `read the owner of user ${userId}`,
          remoteOwnerSchema,
          () => client.crm.owners.ownersApi.getById(userId, 'userId', true),
        );
      } catch (error) {
        if (error instanceof HubspotError && error.kind === 'not_found') return undefined;
        throw error;
      }
    },
    async createAssociationLabel(fromObjectType, toObjectType, label) {
      await call(
        'createAssociationLabel',
        `create the association label "${label.label}" ${fromObjectType} → ${toObjectType}`,
        anything,
        () => labels().create(fromObjectType, toObjectType, label),
      );
    },
  };
}

function optionsBody(options: PropertyDefinition['options'] = []) {
  return options.map((o, displayOrder) => ({
    label: o.label,
    value: o.value,
    displayOrder,
    hidden: false,
  }));
}

function toPropertyBody(p: PropertyDefinition, groupName: string | undefined) {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    ...(groupName ? { groupName } : {}),
    ...(p.options ? { options: optionsBody(p.options) } : {}),
    ...(p.hasUniqueValue ? { hasUniqueValue: true } : {}),
  };
}
