import type { NetworkHit, NetworkRule } from './rule.js';

const networkRule = (rule: Omit<NetworkRule, 'subject'>): NetworkRule => ({
  ...rule,
  subject: 'network',
});

const isOpen = (role: { endsAt: number | null }, asOf: number) =>
  role.endsAt === null || role.endsAt > asOf;

/** Rules over Networking Teams, Roles and Activities: the role taxonomy's gaps and overlaps. */
export const NETWORK_RULES: readonly NetworkRule[] = [
  networkRule({
    id: 'team_without_lead',
    title: 'Networking Team without a lead',
    category: 'network',
    objectType: 'team',
    severity: 'high',
    settings: [],
    fixHint: 'Give one active member the Team Lead role.',
    autoFix: false,
    check: ({ teams, roles, owner, asOf }) =>
      teams
        .filter(
          (t) =>
            !roles.some(
              (r) =>
                r.teamId === t.teamId &&
                r.kind === 'team_lead' &&
                isOpen(r, asOf) &&
                r.ownerId !== null &&
                owner(r.ownerId)?.archived === false,
            ),
        )
        .map((t) => ({
          objectType: 'team',
          objectId: t.teamId,
          alertOwnerId: null,
          message: `Team "${t.name}" has no active Team Lead`,
        })),
  }),
  networkRule({
    id: 'team_without_members',
    title: 'Networking Team without members',
    category: 'network',
    objectType: 'team',
    severity: 'high',
    settings: [],
    fixHint: 'Assign networkers to the team through Networking Roles.',
    autoFix: false,
    check: ({ teams, roles, asOf }) =>
      teams
        .filter(
          (t) => !roles.some((r) => r.teamId === t.teamId && r.ownerId !== null && isOpen(r, asOf)),
        )
        .map((t) => ({
          objectType: 'team',
          objectId: t.teamId,
          alertOwnerId: null,
          message: `Team "${t.name}" has no members`,
        })),
  }),
  networkRule({
    id: 'role_without_networker',
    title: 'Networking Role without a networker',
    category: 'network',
    objectType: 'role',
    severity: 'medium',
    settings: [],
    fixHint: 'Assign the role to a HubSpot user, or archive it.',
    autoFix: false,
    check: ({ roles }) =>
      roles
        .filter((r) => r.ownerId === null)
        .map((r) => ({
          objectType: 'role',
          objectId: r.roleId,
          alertOwnerId: null,
          message: `The ${r.kind.replaceAll('_', ' ')} role has no networker`,
        })),
  }),
  networkRule({
    id: 'role_held_by_departed',
    title: 'Role held by a deactivated user',
    category: 'network',
    objectType: 'role',
    severity: 'high',
    settings: [],
    fixHint: 'Hand the role to an active colleague and end the departed networker’s role.',
    autoFix: false,
    check: ({ roles, owner, asOf }) =>
      roles
        .filter((r) => isOpen(r, asOf) && r.ownerId !== null && owner(r.ownerId)?.archived === true)
        .map((r) => ({
          objectType: 'role',
          objectId: r.roleId,
          alertOwnerId: null,
          message: `The ${r.kind.replaceAll('_', ' ')} role is held by a deactivated user`,
          details: { ownerId: r.ownerId },
        })),
  }),
  networkRule({
    id: 'role_expired',
    title: 'Expired role still on record',
    category: 'network',
    objectType: 'role',
    severity: 'low',
    settings: [],
    fixHint: 'Renew the role with a new end date, or archive it.',
    autoFix: true,
    check: ({ roles, asOf }) =>
      roles
        .filter((r) => !isOpen(r, asOf))
        .map((r) => ({
          objectType: 'role',
          objectId: r.roleId,
          alertOwnerId: r.ownerId,
          message: `The ${r.kind.replaceAll('_', ' ')} role ended on ${new Date(r.endsAt ?? 0).toISOString().slice(0, 10)}`,
          fix: {
            action: 'end_role',
            objectType: 'role',
            objectId: r.roleId,
            description: 'Archive the expired role',
          },
        })),
  }),
  networkRule({
    id: 'relationship_owner_overlap',
    title: 'Two Relationship Owners for one stakeholder',
    category: 'network',
    objectType: 'contact',
    severity: 'medium',
    settings: [],
    fixHint: 'Keep one Relationship Owner per stakeholder; make the other a networker.',
    autoFix: false,
    check: ({ roles, asOf }) => {
      const owners = new Map<
        string,
        { type: 'contact' | 'company'; id: number; roles: number[]; people: Set<number> }
      >();
      for (const r of roles) {
        if (r.kind !== 'relationship_owner' || !isOpen(r, asOf) || r.ownerId === null) continue;
        const targets = [
          ...r.targetContacts.map((id) => ({ type: 'contact' as const, id })),
          ...r.targetCompanies.map((id) => ({ type: 'company' as const, id })),
        ];
        for (const t of targets) {
          const key = `${t.type}:${t.id}`;
          const entry = owners.get(key) ?? { ...t, roles: [], people: new Set<number>() };
          entry.roles.push(r.roleId);
          entry.people.add(r.ownerId);
          owners.set(key, entry);
        }
      }
      const hits: NetworkHit[] = [];
      for (const e of owners.values())
        if (e.people.size > 1)
          hits.push({
            objectType: e.type,
            objectId: e.id,
            alertOwnerId: null,
            message: `${e.people.size} Relationship Owners (roles ${e.roles.join(', ')})`,
            details: { roleIds: e.roles, ownerIds: [...e.people] },
          });
      return hits.sort((a, b) => a.objectId - b.objectId);
    },
  }),
  networkRule({
    id: 'activity_without_attendees',
    title: 'Networking activity without attendees',
    category: 'network',
    objectType: 'activity',
    severity: 'medium',
    settings: [],
    fixHint: 'Associate the contacts and networkers who took part; event lift and RoR need them.',
    autoFix: false,
    check: ({ activities }) =>
      activities
        .filter((a) => a.contactAttendees + a.ownerAttendees === 0)
        .map((a) => ({
          objectType: 'activity',
          objectId: a.activityId,
          alertOwnerId: null,
          message: `"${a.name}" has no attendees`,
        })),
  }),
  networkRule({
    id: 'activity_without_cost',
    title: 'Networking activity without costs',
    category: 'network',
    objectType: 'activity',
    severity: 'low',
    settings: [],
    fixHint: 'Enter the activity’s cost (0 if it was free) so the RoR counts it.',
    autoFix: false,
    check: ({ activities }) =>
      activities
        .filter((a) => a.cost === null)
        .map((a) => ({
          objectType: 'activity',
          objectId: a.activityId,
          alertOwnerId: null,
          message: `"${a.name}" has no cost recorded`,
        })),
  }),
];
