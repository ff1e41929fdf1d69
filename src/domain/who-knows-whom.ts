import type { Relationship } from './contact-insight.js';
import { rankRelationships } from './contact-insight.js';
import type { Grade } from './strength.js';
import type { RoleKind } from './types.js';

export interface Membership {
  teamId: number;
  teamName: string;
  kind: RoleKind;
}

export interface Knower {
  ownerId: number;
  name: string;
  active: boolean;
  score: number;
  grade: Grade;
  trend: Relationship['trend'];
  reason: string;
  lastTouchAt: number | null;
  roles: Membership[];
}

export interface Directory {
  name(ownerId: number): string;
  active(ownerId: number): boolean;
  memberships(ownerId: number): Membership[];
}

/** Who in the organization knows this contact, strongest first, with their roles and teams. */
export function whoKnows(relationships: readonly Relationship[], dir: Directory): Knower[] {
  return rankRelationships(relationships.filter((r) => r.score > 0)).map((r) => ({
    ownerId: r.ownerId,
    name: dir.name(r.ownerId),
    active: dir.active(r.ownerId),
    score: r.score,
    grade: r.grade,
    trend: r.trend,
    reason: r.reason,
    lastTouchAt: r.lastTouchAt,
    roles: dir.memberships(r.ownerId),
  }));
}

/**
 * For a networker who does not know the contact: the active colleague best placed to introduce
 * them. Colleagues sharing a team with the asker come first (they can be asked directly); within
 * each group, the strongest relationship wins. Only relationships at or above `minScore` qualify.
 */
export function bestIntroducer(
  askerId: number,
  knowers: readonly Knower[],
  dir: Directory,
  minScore: number,
): (Knower & { sharedTeams: string[] }) | null {
  const askerTeams = new Set(dir.memberships(askerId).map((m) => m.teamId));
  const candidates = knowers
    .filter((k) => k.active && k.ownerId !== askerId && k.score >= minScore)
    .map((k) => ({
      ...k,
      sharedTeams: [
        ...new Set(k.roles.filter((m) => askerTeams.has(m.teamId)).map((m) => m.teamName)),
      ],
    }));
  candidates.sort(
    (a, b) =>
      Number(b.sharedTeams.length > 0) - Number(a.sharedTeams.length > 0) ||
      b.score - a.score ||
      a.ownerId - b.ownerId,
  );
  return candidates[0] ?? null;
}
