/**
 * What the generator planted on purpose, so tests can check that the audit finds each flaw
 * (and nothing else). Id lists are kept up to MANIFEST_ID_LIMIT each; counts are always exact.
 */
export const MANIFEST_ID_LIMIT = 5_000;

export const FLAW_KINDS = [
  'duplicateEmailCase',
  'duplicateNameCompany',
  'missingEmail',
  'malformedEmail',
  'malformedPhone',
  'malformedLinkedin',
  'ownerless',
  'ownedByDeparted',
  'noCompany',
  'singleThreadedKeyStakeholder',
  'overlappingRelationshipOwner',
  'expiredRole',
  'roleHeldByDeparted',
  'teamWithoutLead',
  'activityWithoutAttendees',
  'activityWithoutCost',
] as const;
export type FlawKind = (typeof FLAW_KINDS)[number];

export interface DemoManifest {
  counts: Record<FlawKind, number>;
  /** Record ids per flaw (contact, role, team or activity ids; duplicate flaws list the copy). */
  ids: Record<FlawKind, number[]>;
  totals: {
    owners: number;
    contacts: number;
    companies: number;
    touches: number;
    deals: number;
    teams: number;
    roles: number;
    activities: number;
  };
}

export function emptyManifest(): DemoManifest {
  const zero = Object.fromEntries(FLAW_KINDS.map((k) => [k, 0])) as Record<FlawKind, number>;
  const lists = Object.fromEntries(FLAW_KINDS.map((k) => [k, [] as number[]])) as Record<
    FlawKind,
    number[]
  >;
  return {
    counts: zero,
    ids: lists,
    totals: {
      owners: 0,
      contacts: 0,
      companies: 0,
      touches: 0,
      deals: 0,
      teams: 0,
      roles: 0,
      activities: 0,
    },
  };
}

export function plant(manifest: DemoManifest, kind: FlawKind, id: number): void {
  manifest.counts[kind] += 1;
  if (manifest.ids[kind].length < MANIFEST_ID_LIMIT) manifest.ids[kind].push(id);
}
