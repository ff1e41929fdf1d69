/**
 * The labelled associations Rapport reads and writes (associations v4 USER_DEFINED labels).
 * `from`/`to` are custom object names (resolved to their fully qualified names per portal) or
 * HubSpot's standard object types.
 */
export interface AssociationLabelDefinition {
  from: string;
  to: string;
  /** Internal name: stable, what code matches on. */
  name: string;
  label: string;
  inverseLabel: string;
}

export const ASSOCIATION_LABELS: readonly AssociationLabelDefinition[] = [
  {
    from: 'networking_team',
    to: 'contacts',
    name: 'rapport_target_stakeholder',
    label: 'Target stakeholder',
    inverseLabel: 'Targeted by team',
  },
  {
    from: 'networking_team',
    to: 'companies',
    name: 'rapport_target_account',
    label: 'Target account',
    inverseLabel: 'Targeted by team',
  },
  {
    from: 'networking_role',
    to: 'contacts',
    name: 'rapport_relationship_owner',
    label: 'Relationship owner',
    inverseLabel: 'Owned relationship',
  },
  {
    from: 'networking_role',
    to: 'companies',
    name: 'rapport_account_owner',
    label: 'Account relationship owner',
    inverseLabel: 'Owned account relationship',
  },
  {
    from: 'networking_role',
    to: 'networking_team',
    name: 'rapport_role_in_team',
    label: 'Role in team',
    inverseLabel: 'Team role',
  },
  {
    from: 'networking_activity',
    to: 'contacts',
    name: 'rapport_attendee',
    label: 'Attendee',
    inverseLabel: 'Attended',
  },
  {
    from: 'networking_activity',
    to: 'networking_team',
    name: 'rapport_organized_by',
    label: 'Organized by',
    inverseLabel: 'Organized',
  },
];

/** Custom-to-custom association definitions the schemas API must create before labels can exist. */
export const CUSTOM_OBJECT_ASSOCIATIONS: readonly { from: string; to: string }[] = [
  { from: 'networking_role', to: 'networking_team' },
  { from: 'networking_activity', to: 'networking_team' },
];
