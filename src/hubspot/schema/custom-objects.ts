import { ACTIVITY_KINDS, ROLE_KINDS } from '../../domain/types.js';

/**
 * Rapport's custom objects, defined once as data. `rapport hubspot setup` creates or completes
 * them in a portal; tests check webhooks, cards and the gateway against this list.
 * Names are immutable in HubSpot once created: never rename one here.
 */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'checkbox'
  | 'booleancheckbox'
  | 'calculation_equation';

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  description: string;
  options?: readonly { label: string; value: string }[];
  hasUniqueValue?: boolean;
}

export interface CustomObjectDefinition {
  name: string;
  labels: { singular: string; plural: string };
  description: string;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: readonly string[];
  requiredProperties: readonly string[];
  searchableProperties: readonly string[];
  properties: readonly PropertyDefinition[];
  /** Standard objects this object is associated with (HubSpot's upper-case names). */
  associatedObjects: readonly ('CONTACT' | 'COMPANY' | 'DEAL')[];
}

const titleCase = (value: string) =>
  value.replace(/(^|_)(\w)/g, (_, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);
const optionsOf = (values: readonly string[]) =>
  values.map((value) => ({ label: titleCase(value), value }));

const text = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  description,
});
const longText = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'textarea',
  description,
});
const date = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: 'date',
  fieldType: 'date',
  description,
});
const amount = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  description,
});

export const NETWORKING_TEAM: CustomObjectDefinition = {
  name: 'networking_team',
  labels: { singular: 'Networking Team', plural: 'Networking Teams' },
  description:
    'A network of colleagues and the external stakeholders they serve for one strategic goal (Rapport).',
  primaryDisplayProperty: 'team_name',
  secondaryDisplayProperties: ['strategic_goal'],
  requiredProperties: ['team_name'],
  searchableProperties: ['team_name', 'strategic_goal'],
  properties: [
    { ...text('team_name', 'Team name', 'The name of the Networking Team.'), hasUniqueValue: true },
    longText('purpose', 'Purpose', 'What this network is for.'),
    text(
      'strategic_goal',
      'Strategic goal',
      "The id of the goal in Rapport's settings this team serves.",
    ),
    amount(
      'coverage_target',
      'Coverage target (%)',
      'Share of target stakeholders that should have at least one thread.',
    ),
  ],
  associatedObjects: ['CONTACT', 'COMPANY'],
};

export const NETWORKING_ROLE: CustomObjectDefinition = {
  name: 'networking_role',
  labels: { singular: 'Networking Role', plural: 'Networking Roles' },
  description:
    'Who plays which role in a Networking Team, and towards which stakeholders (Rapport).',
  primaryDisplayProperty: 'role_title',
  secondaryDisplayProperties: ['role_kind'],
  requiredProperties: ['role_title', 'role_kind'],
  searchableProperties: ['role_title'],
  properties: [
    text('role_title', 'Role title', 'A readable name, e.g. "Relationship Owner for Acme".'),
    {
      name: 'role_kind',
      label: 'Role',
      type: 'enumeration',
      fieldType: 'select',
      description: 'The role in the network.',
      options: optionsOf(ROLE_KINDS),
    },
    text(
      'networker_owner_id',
      'Networker (owner id)',
      'The HubSpot owner id of the colleague holding the role.',
    ),
    date('starts_on', 'Starts on', 'First day of the role.'),
    date('ends_on', 'Ends on', 'Last day of the role; empty while it lasts.'),
  ],
  associatedObjects: ['CONTACT', 'COMPANY'],
};

export const NETWORKING_ACTIVITY: CustomObjectDefinition = {
  name: 'networking_activity',
  labels: { singular: 'Networking Activity', plural: 'Networking Activities' },
  description:
    'An event, newsletter, meeting series or external membership and its costs (Rapport).',
  primaryDisplayProperty: 'activity_name',
  secondaryDisplayProperties: ['activity_kind', 'starts_on'],
  requiredProperties: ['activity_name', 'activity_kind'],
  searchableProperties: ['activity_name'],
  properties: [
    text('activity_name', 'Activity name', 'The name of the activity.'),
    {
      name: 'activity_kind',
      label: 'Kind',
      type: 'enumeration',
      fieldType: 'select',
      description: 'What kind of networking activity.',
      options: optionsOf(ACTIVITY_KINDS),
    },
    date('starts_on', 'Starts on', 'First day.'),
    date('ends_on', 'Ends on', 'Last day.'),
    amount('cost', 'Cost', 'Total cost; it counts as investment in the Return-on-Relationship.'),
    text(
      'representative_owner_ids',
      'Representatives (owner ids)',
      'Colleagues representing the organization, separated by semicolons.',
    ),
  ],
  associatedObjects: ['CONTACT', 'COMPANY'],
};

export const CUSTOM_OBJECTS: readonly CustomObjectDefinition[] = [
  NETWORKING_TEAM,
  NETWORKING_ROLE,
  NETWORKING_ACTIVITY,
];
