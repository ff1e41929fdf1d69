import type { HubspotGateway } from '../gateway.js';
import { ASSOCIATION_LABELS } from '../schema/association-labels.js';
import { labelKey, type PortalState } from './portal-state.js';

const STANDARD = new Set(['contacts', 'companies']);

/** Reads what setup needs to compare: custom schemas, the two standard objects' properties and groups, and labels. */
export async function readPortalState(gateway: HubspotGateway): Promise<PortalState> {
  const schemas = await gateway.listSchemas();
  const [contactProperties, companyProperties, contactGroups, companyGroups] = await Promise.all([
    gateway.listProperties('contacts'),
    gateway.listProperties('companies'),
    gateway.listPropertyGroups('contacts'),
    gateway.listPropertyGroups('companies'),
  ]);
  const typeId = (name: string) =>
    STANDARD.has(name) ? name : schemas.find((s) => s.name === name && !s.archived)?.objectTypeId;
  const labels: PortalState['labels'] = {};
  const pairs = new Map<string, [string, string]>();
  for (const label of ASSOCIATION_LABELS) {
    const from = typeId(label.from);
    const to = typeId(label.to);
    if (from && to) pairs.set(labelKey(from, to), [from, to]);
  }
  for (const [key, [from, to]] of pairs)
    labels[key] = await gateway.listAssociationLabels(from, to);
  return {
    schemas,
    properties: { contacts: contactProperties, companies: companyProperties },
    groups: { contacts: contactGroups, companies: companyGroups },
    labels,
  };
}
