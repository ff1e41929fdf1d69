import {
  ASSOCIATION_LABELS,
  CUSTOM_OBJECT_ASSOCIATIONS,
  type AssociationLabelDefinition,
} from '../schema/association-labels.js';
import { COMPUTED_PROPERTIES, RAPPORT_GROUP } from '../schema/computed-properties.js';
import {
  CUSTOM_OBJECTS,
  type CustomObjectDefinition,
  type PropertyDefinition,
} from '../schema/custom-objects.js';
import type { RemoteProperty, RemoteSchema } from '../remote-types.js';
import { labelKey, type PortalState, type StandardObject } from './portal-state.js';

/** Object references in a plan: a custom object's name (resolved when applied) or a standard type. */
export type ObjectRef = { custom: string } | { standard: StandardObject };

export type SetupStep =
  | { kind: 'createSchema'; object: CustomObjectDefinition }
  | { kind: 'createProperty'; object: ObjectRef; groupName: string; property: PropertyDefinition }
  | {
      kind: 'updateProperty';
      object: ObjectRef;
      name: string;
      patch: PropertyPatch;
      changes: string[];
    }
  | {
      kind: 'createPropertyGroup';
      object: { standard: StandardObject };
      group: typeof RAPPORT_GROUP;
    }
  | { kind: 'createSchemaAssociation'; from: string; to: string }
  | {
      kind: 'createAssociationLabel';
      from: ObjectRef;
      to: ObjectRef;
      label: AssociationLabelDefinition;
    };

export type PropertyPatch = Partial<Pick<PropertyDefinition, 'label' | 'description' | 'options'>>;

export interface SetupConflict {
  where: string;
  problem: string;
  fix: string;
}

export interface SetupPlan {
  steps: SetupStep[];
  conflicts: SetupConflict[];
}

const STANDARD = new Set<string>(['contacts', 'companies']);
export const refOf = (name: string): ObjectRef =>
  STANDARD.has(name) ? { standard: name as StandardObject } : { custom: name };
export const describeRef = (ref: ObjectRef): string =>
  'custom' in ref ? ref.custom : ref.standard;

/**
 * The difference between what Rapport needs and what the portal holds: only additions and
 * label/description/option updates. It never deletes and never changes a property's type;
 * a type mismatch is a conflict for a person to resolve.
 */
export function planSetup(state: PortalState): SetupPlan {
  const steps: SetupStep[] = [];
  const conflicts: SetupConflict[] = [];
  const schemaByName = new Map(state.schemas.filter((s) => !s.archived).map((s) => [s.name, s]));

  for (const object of CUSTOM_OBJECTS) {
    const existing = schemaByName.get(object.name);
    if (!existing) {
      steps.push({ kind: 'createSchema', object });
      continue;
    }
    const ref: ObjectRef = { custom: object.name };
    // New properties join the group HubSpot made for the object (where its display property lives).
    const group =
      existing.properties.find((p) => p.name === object.primaryDisplayProperty)?.groupName ||
      `${object.name}_information`;
    diffProperties(ref, group, object.properties, existing.properties, steps, conflicts);
  }

  for (const objectType of ['contacts', 'companies'] as const) {
    if (!state.groups[objectType].some((g) => g.name === RAPPORT_GROUP.name)) {
      steps.push({
        kind: 'createPropertyGroup',
        object: { standard: objectType },
        group: RAPPORT_GROUP,
      });
    }
    diffProperties(
      { standard: objectType },
      RAPPORT_GROUP.name,
      COMPUTED_PROPERTIES[objectType],
      state.properties[objectType],
      steps,
      conflicts,
    );
  }

  for (const pair of CUSTOM_OBJECT_ASSOCIATIONS) {
    const from = schemaByName.get(pair.from);
    const to = schemaByName.get(pair.to);
    if (!from || !to || !hasAssociation(from, to))
      steps.push({ kind: 'createSchemaAssociation', from: pair.from, to: pair.to });
  }

  for (const label of ASSOCIATION_LABELS) {
    const from = typeIdOf(label.from, schemaByName);
    const to = typeIdOf(label.to, schemaByName);
    const known = from && to ? (state.labels[labelKey(from, to)] ?? []) : [];
    if (!known.some((l) => l.label === label.label))
      steps.push({
        kind: 'createAssociationLabel',
        from: refOf(label.from),
        to: refOf(label.to),
        label,
      });
  }
  return { steps, conflicts };
}

function typeIdOf(name: string, schemas: Map<string, RemoteSchema>): string | undefined {
  return STANDARD.has(name) ? name : schemas.get(name)?.objectTypeId;
}

function hasAssociation(from: RemoteSchema, to: RemoteSchema): boolean {
  return [...from.associations, ...to.associations].some(
    (a) =>
      (a.fromObjectTypeId === from.objectTypeId && a.toObjectTypeId === to.objectTypeId) ||
      (a.fromObjectTypeId === to.objectTypeId && a.toObjectTypeId === from.objectTypeId),
  );
}

function diffProperties(
  ref: ObjectRef,
  groupName: string,
  wanted: readonly PropertyDefinition[],
  existing: readonly RemoteProperty[],
  steps: SetupStep[],
  conflicts: SetupConflict[],
): void {
  const byName = new Map(existing.map((p) => [p.name, p]));
  for (const property of wanted) {
    const remote = byName.get(property.name);
    if (!remote) {
      steps.push({ kind: 'createProperty', object: ref, groupName, property });
      continue;
    }
    const where = `${describeRef(ref)}.${property.name}`;
    if (remote.hubspotDefined) {
      conflicts.push({
        where,
        problem: 'the name is taken by a HubSpot-defined property',
        fix: 'report this: Rapport must use another property name',
      });
      continue;
    }
    if (remote.type !== property.type) {
      conflicts.push({
        where,
        problem: `exists with type ${remote.type}, Rapport needs ${property.type}`,
        fix: `Rapport never retypes data: archive or rename the existing property in HubSpot, then run setup again`,
      });
      continue;
    }
    const patch: PropertyPatch = {};
    const changes: string[] = [];
    if (remote.label !== property.label) {
      patch.label = property.label;
      changes.push(`label "${remote.label}" → "${property.label}"`);
    }
    if ((remote.description ?? '') !== property.description) {
      patch.description = property.description;
      changes.push('description');
    }
    const wantedOptions = (property.options ?? []).map((o) => `${o.value}=${o.label}`).join('|');
    const haveOptions = remote.options.map((o) => `${o.value}=${o.label}`).join('|');
    if (property.options && wantedOptions !== haveOptions) {
      patch.options = property.options;
      changes.push('options');
    }
    if (changes.length > 0)
      steps.push({ kind: 'updateProperty', object: ref, name: property.name, patch, changes });
  }
}

/** Terraform-style lines for a terminal. */
export function describePlan(plan: SetupPlan): string[] {
  const lines = plan.steps.map((step) => {
    switch (step.kind) {
      case 'createSchema':
        return `+ create custom object ${step.object.labels.singular} (${step.object.name}) with ${step.object.properties.length} properties`;
      case 'createProperty':
        return `+ create property ${describeRef(step.object)}.${step.property.name} (${step.property.type}) in group ${step.groupName}`;
      case 'updateProperty':
        return `~ update property ${describeRef(step.object)}.${step.name}: ${step.changes.join(', ')}`;
      case 'createPropertyGroup':
        return `+ create property group ${step.object.standard}.${step.group.name} ("${step.group.label}")`;
      case 'createSchemaAssociation':
        return `+ associate ${step.from} with ${step.to}`;
      case 'createAssociationLabel':
        return `+ create association label "${step.label.label}" ${describeRef(step.from)} → ${describeRef(step.to)}`;
    }
  });
  for (const c of plan.conflicts) lines.push(`! conflict at ${c.where}: ${c.problem} — ${c.fix}`);
  const creates = plan.steps.filter((s) => s.kind !== 'updateProperty').length;
  const updates = plan.steps.length - creates;
  lines.push(
    plan.steps.length === 0 && plan.conflicts.length === 0
      ? 'Plan: nothing to do; the portal already has everything Rapport needs.'
      : `Plan: ${creates} to create, ${updates} to update, ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'}; nothing is ever deleted.`,
  );
  return lines;
}
