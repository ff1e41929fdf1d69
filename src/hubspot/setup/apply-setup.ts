import { HubspotError } from '../hubspot-error.js';
import type { HubspotGateway } from '../gateway.js';
import type { RemoteSchema } from '../remote-types.js';
import { describeRef, type ObjectRef, type SetupPlan, type SetupStep } from './plan-setup.js';

export interface ApplyReport {
  applied: number;
  /** Steps HubSpot answered 409 for: someone created the same thing meanwhile; nothing to do. */
  alreadyThere: string[];
  /** Custom object name → the portal's object type id ("2-…"): cards and webhooks may need them. */
  objectTypeIds: Record<string, string>;
}

/**
 * Applies a plan in dependency order (schemas before the associations and labels that refer to
 * them). Each step is idempotent: a 409 means it already exists, which is the goal.
 */
export async function applySetup(
  gateway: HubspotGateway,
  plan: SetupPlan,
  existingSchemas: readonly RemoteSchema[],
  onStep: (line: string) => void = () => undefined,
): Promise<ApplyReport> {
  const typeIds: Record<string, string> = Object.fromEntries(
    existingSchemas.filter((s) => !s.archived).map((s) => [s.name, s.objectTypeId]),
  );
  const report: ApplyReport = { applied: 0, alreadyThere: [], objectTypeIds: typeIds };
  const resolve = (ref: ObjectRef): string => {
    if ('standard' in ref) return ref.standard;
    const id = typeIds[ref.custom];
    if (!id)
      throw new HubspotError(
        'not_found',
        `the custom object ${ref.custom} does not exist in the portal`,
        { hint: 'run `rapport hubspot setup` again; it creates custom objects first' },
      );
    return id;
  };
  const order: SetupStep['kind'][] = [
    'createSchema',
    'createPropertyGroup',
    'createProperty',
    'updateProperty',
    'createSchemaAssociation',
    'createAssociationLabel',
  ];
  const steps = [...plan.steps].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));

  for (const step of steps) {
    try {
      await applyStep(step);
      report.applied += 1;
      onStep(`done: ${summary(step)}`);
    } catch (error) {
      if (error instanceof HubspotError && error.kind === 'conflict') {
        if (step.kind === 'createSchema') {
          // The name is taken but the object was not listed: an archived object holds the name.
          const again = (await gateway.listSchemas()).find(
            (s) => s.name === step.object.name && !s.archived,
          );
          if (!again) {
            throw new HubspotError(
              'conflict',
              `the custom object name ${step.object.name} is taken in this portal but no live object has it`,
              {
                hint: 'an archived custom object probably holds the name: restore or purge it in HubSpot (Settings › Data Management › Objects), then run setup again',
                status: 409,
                cause: error,
              },
            );
          }
          typeIds[step.object.name] = again.objectTypeId;
        }
        report.alreadyThere.push(summary(step));
        onStep(`already there: ${summary(step)}`);
        continue;
      }
      throw error;
    }
  }
  return report;

  async function applyStep(step: SetupStep): Promise<void> {
    switch (step.kind) {
      case 'createSchema': {
        const created = await gateway.createSchema(step.object);
        typeIds[step.object.name] = created.objectTypeId;
        return;
      }
      case 'createPropertyGroup':
        return gateway.createPropertyGroup(step.object.standard, step.group);
      case 'createProperty':
        await gateway.createProperty(resolve(step.object), step.groupName, step.property);
        return;
      case 'updateProperty':
        await gateway.updateProperty(resolve(step.object), step.name, step.patch);
        return;
      case 'createSchemaAssociation':
        return gateway.createSchemaAssociation(
          resolve({ custom: step.from }),
          resolve({ custom: step.to }),
        );
      case 'createAssociationLabel':
        return gateway.createAssociationLabel(resolve(step.from), resolve(step.to), {
          name: step.label.name,
          label: step.label.label,
          inverseLabel: step.label.inverseLabel,
        });
    }
  }
}

function summary(step: SetupStep): string {
  switch (step.kind) {
    case 'createSchema':
      return `custom object ${step.object.name}`;
    case 'createPropertyGroup':
      return `property group ${step.object.standard}.${step.group.name}`;
    case 'createProperty':
      return `property ${describeRef(step.object)}.${step.property.name}`;
    case 'updateProperty':
      return `property ${describeRef(step.object)}.${step.name} (${step.changes.join(', ')})`;
    case 'createSchemaAssociation':
      return `association ${step.from} ↔ ${step.to}`;
    case 'createAssociationLabel':
      return `label "${step.label.label}" ${describeRef(step.from)} → ${describeRef(step.to)}`;
  }
}
