/**
 * The OAuth scopes each gateway operation needs. app.json must declare every one of them; a test
 * checks it, and docs/hubspot.md explains each scope next to the calls that need it.
 */
export type GatewayOperation =
  | 'listSchemas'
  | 'createSchema'
  | 'createSchemaAssociation'
  | 'listProperties'
  | 'createProperty'
  | 'updateProperty'
  | 'listPropertyGroups'
  | 'createPropertyGroup'
  | 'listAssociationLabels'
  | 'createAssociationLabel'
  | 'batchReadObjects'
  | 'batchReadAssociations'
  | 'getOwnerByUserId'
  | 'listObjects'
  | 'searchObjects'
  | 'listOwners'
  | 'batchUpdateObjects'
  | 'batchCreateObjects'
  | 'startExport'
  | 'exportStatus';

type Access = 'read' | 'write';

const ACCESS: Record<GatewayOperation, Access> = {
  listSchemas: 'read',
  createSchema: 'write',
  createSchemaAssociation: 'write',
  listProperties: 'read',
  createProperty: 'write',
  updateProperty: 'write',
  listPropertyGroups: 'read',
  createPropertyGroup: 'write',
  listAssociationLabels: 'read',
  createAssociationLabel: 'write',
  batchReadObjects: 'read',
  batchReadAssociations: 'read',
  getOwnerByUserId: 'read',
  listObjects: 'read',
  searchObjects: 'read',
  listOwners: 'read',
  batchUpdateObjects: 'write',
  batchCreateObjects: 'write',
  startExport: 'read',
  exportStatus: 'read',
};

/** Engagements (calls, emails, meetings, notes) are read with the contacts scope. */
function objectFamily(objectType: string | undefined): string {
  if (objectType === 'companies') return 'companies';
  if (objectType === 'deals') return 'deals';
  if (objectType && /^(2-|p_)/.test(objectType)) return 'custom';
  return 'contacts';
}

/** Property and group calls need the schema scope of the object they touch. */
function schemaFamily(objectType: string | undefined): string {
  if (objectType === 'contacts' || objectType === '0-1') return 'contacts';
  if (objectType === 'companies' || objectType === '0-2') return 'companies';
  if (objectType === 'deals' || objectType === '0-3') return 'deals';
  return 'custom';
}

export function scopesFor(operation: GatewayOperation, objectType?: string): string[] {
  const access = ACCESS[operation];
  switch (operation) {
    case 'listSchemas':
    case 'createSchema':
    case 'createSchemaAssociation':
      return [`crm.schemas.custom.${access}`];
    case 'listProperties':
    case 'createProperty':
    case 'updateProperty':
    case 'listPropertyGroups':
    case 'createPropertyGroup':
      return [`crm.schemas.${schemaFamily(objectType)}.${access}`];
    case 'listAssociationLabels':
    case 'createAssociationLabel':
      // Labels between custom objects and contacts/companies: the custom schema scope covers them.
      return [`crm.schemas.custom.${access}`];
    case 'batchReadObjects':
    case 'batchReadAssociations':
    case 'listObjects':
    case 'searchObjects':
      return [`crm.objects.${objectFamily(objectType)}.read`];
    case 'getOwnerByUserId':
    case 'listOwners':
      return ['crm.objects.owners.read'];
    case 'startExport':
    case 'exportStatus':
      // Optional: without it (or without a Super Admin installer) the backfill reads list pages.
      return ['crm.export'];
    case 'batchUpdateObjects':
    case 'batchCreateObjects':
      // Tasks are engagements: written with the contacts scope, like calls and notes are read.
      return [`crm.objects.${objectFamily(objectType)}.write`];
  }
}

export const GATEWAY_OPERATIONS = Object.keys(ACCESS) as GatewayOperation[];
