import type { Relationship } from './contact-insight.js';
import { rankRelationships } from './contact-insight.js';
import type { EpochMs } from './types.js';

export interface Successor {
  ownerId: number;
  score: number;
  /** Why they were suggested: they already know the contact, or they share a team that targets it. */
  basis: 'knows' | 'team';
}

export interface HandoverItem {
  contactId: number;
  /** The departed networker's strength when they left. */
  scoreAtDeparture: number;
  successors: Successor[];
  /** True once an active colleague holds a thread and has touched the contact since the departure. */
  carriedOver: boolean;
}

/**
 * The handover list for one departed networker: each relationship they carried (strength at
 * departure ≥ the thread threshold), the active colleagues ranked to take it over (those who know
 * the contact by strength, then members of teams that target it), and whether it has been carried
 * over since.
 */
export function handoverItem(
  departed: { ownerId: number; archivedAt: EpochMs | null },
  carried: Relationship,
  contactId: number,
  others: readonly Relationship[],
  isActive: (ownerId: number) => boolean,
  teamMembers: readonly number[],
  threadThreshold: number,
  maxSuccessors = 3,
): HandoverItem {
  const knowing = rankRelationships(
    others.filter((r) => r.ownerId !== departed.ownerId && isActive(r.ownerId) && r.score > 0),
  );
  const successors: Successor[] = knowing.map((r) => ({
    ownerId: r.ownerId,
    score: r.score,
    basis: 'knows' as const,
  }));
  for (const ownerId of [...teamMembers].sort((a, b) => a - b)) {
    if (ownerId === departed.ownerId || !isActive(ownerId)) continue;
    if (successors.some((s) => s.ownerId === ownerId)) continue;
    successors.push({ ownerId, score: 0, basis: 'team' });
  }
  const since = departed.archivedAt ?? Number.NEGATIVE_INFINITY;
  return {
    contactId,
    scoreAtDeparture: carried.scoreAtDeparture ?? carried.score,
    successors: successors.slice(0, maxSuccessors),
    carriedOver: knowing.some(
      (r) => r.score >= threadThreshold && r.lastTouchAt !== null && r.lastTouchAt > since,
    ),
  };
}
