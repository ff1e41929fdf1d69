import type { Client } from '@hubspot/api-client';
import type { CustomObjectDefinition, PropertyDefinition } from './schema/custom-objects.js';
import { ANY_RESPONSE, type GatewayCall } from './gateway-call.js';
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
} from './remote-types.js';

/** What `rapport hubspot setup` needs: custom object schemas, properties, groups and labels. */
export interface SchemaOperations {
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
}

export function createSchemaOperations(client: Client, call: GatewayCall): SchemaOperations {
  const schemas = () => client.crm.schemas.coreApi;
  const properties = () => client.crm.properties.coreApi;
  const groups = () => client.crm.properties.groupsApi;
  const labels = () => client.crm.associations.v4.schema.definitionsApi;
  type SchemaEgg = Parameters<ReturnType<typeof schemas>['create']>[0];
  type PropertyCreate = Parameters<ReturnType<typeof properties>['create']>[1];
  type PropertyUpdate = Parameters<ReturnType<typeof properties>['update']>[2];

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
        ANY_RESPONSE,
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
        ANY_RESPONSE,
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
    async createAssociationLabel(fromObjectType, toObjectType, label) {
      await call(
        'createAssociationLabel',
        `create the association label "${label.label}" ${fromObjectType} → ${toObjectType}`,
        ANY_RESPONSE,
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
