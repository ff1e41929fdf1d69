import type { PropertyDefinition } from './custom-objects.js';

/**
 * The `Rapport` property group on contacts and companies: results written back so HubSpot users
 * can filter lists, build reports and trigger workflows on them.
 */
export const RAPPORT_GROUP = { name: 'rapport', label: 'Rapport', displayOrder: -1 } as const;

const RISK_OPTIONS = [
  { label: 'Single-threaded', value: 'single_threaded' },
  { label: 'Cold', value: 'cold' },
  { label: 'Unthreaded', value: 'unthreaded' },
  { label: 'Orphaned', value: 'orphaned' },
  { label: 'Owner mismatch', value: 'owner_mismatch' },
];

const score = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  description,
});

const shared: readonly PropertyDefinition[] = [
  score(
    'rapport_relationship_strength',
    'Relationship strength',
    'Strongest relationship any colleague has with this record (0–100).',
  ),
  score(
    'rapport_threads',
    'Relationship threads',
    'Colleagues with a relationship strength of at least the thread threshold.',
  ),
  {
    name: 'rapport_risk',
    label: 'Relationship risk',
    type: 'enumeration',
    fieldType: 'checkbox',
    description: 'Risks Rapport found on this relationship.',
    options: RISK_OPTIONS,
  },
  score(
    'rapport_hygiene_score',
    'Data hygiene score',
    'Share of data-hygiene rules this record passes (0–100).',
  ),
  {
    name: 'rapport_last_audited',
    label: 'Last audited by Rapport',
    type: 'datetime',
    fieldType: 'date',
    description: 'When Rapport last computed these properties.',
  },
];

export const COMPUTED_PROPERTIES: Readonly<
  Record<'contacts' | 'companies', readonly PropertyDefinition[]>
> = {
  contacts: [
    ...shared,
    {
      name: 'rapport_strongest_networker',
      label: 'Strongest networker (owner id)',
      type: 'string',
      fieldType: 'text',
      description: 'The HubSpot owner with the strongest relationship.',
    },
  ],
  companies: [
    ...shared,
    score(
      'rapport_coverage',
      'Stakeholder coverage (%)',
      "Share of the company's contacts with at least one thread.",
    ),
    score(
      'rapport_key_person_concentration',
      'Key-person concentration (%)',
      'Share of strong ties held by the top networker.',
    ),
  ],
};
