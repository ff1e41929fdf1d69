import type { Settings } from './settings.js';
import type { PairStrength } from './strength.js';
import type { Contact, EpochMs } from './types.js';

/** One networker's relationship with one contact. */
export interface Relationship extends PairStrength {
  ownerId: number;
  /** The score when the networker was deactivated; null for active networkers. */
  scoreAtDeparture: number | null;
}

export interface NetworkerStatus {
  archived: boolean;
  archivedAt: EpochMs | null;
}

/** What the audit and the cards know about one contact's place in the network. */
export interface ContactInsight {
  contactId: number;
  keyStakeholder: boolean;
  /** Active networkers with strength ≥ the thread threshold. */
  threads: number;
  /** Highest strength among active networkers (0 when none). */
  maxScore: number;
  /** The strongest networker, active or not (ties go to the lower owner id). */
  strongestOwnerId: number | null;
  strongestActiveOwnerId: number | null;
  /** The record owner's own strength with the contact (0 when they have no touches). */
  ownerScore: number;
  singleThreaded: boolean;
  /** A key stakeholder whom no active networker knows even at the cold threshold. */
  cold: boolean;
  /** A key stakeholder with no thread who is not cold. */
  unthreaded: boolean;
  orphaned: boolean;
  ownerMismatch: boolean;
  lastTouchAt: EpochMs | null;
  /** Active networkers with a strong tie (strength ≥ the strong grade), in owner id order. */
  strongOwnerIds: number[];
}

const strongerFirst = (a: Relationship, b: Relationship): number =>
  b.score - a.score || a.ownerId - b.ownerId;

/** Ranks relationships strongest first, ties broken by owner id so every path agrees. */
export const rankRelationships = (rels: readonly Relationship[]): Relationship[] =>
  [...rels].sort(strongerFirst);

export function contactInsight(
  contact: Pick<Contact, 'contactId' | 'ownerId'>,
  keyStakeholder: boolean,
  relationships: readonly Relationship[],
  networker: (ownerId: number) => NetworkerStatus | undefined,
  s: Settings['strength'],
): ContactInsight {
  const ranked = rankRelationships(relationships.filter((r) => r.score > 0));
  const isActive = (r: Relationship) => networker(r.ownerId)?.archived === false;
  const active = ranked.filter(isActive);
  const strongest = ranked[0];
  const strongestActive = active[0];
  const threads = active.filter((r) => r.score >= s.threadThreshold).length;
  const maxScore = strongestActive?.score ?? 0;
  const ownerScore =
    contact.ownerId === null
      ? 0
      : (relationships.find((r) => r.ownerId === contact.ownerId)?.score ?? 0);
  const cold = keyStakeholder && maxScore < s.coldThreshold;
  const ownerActive = contact.ownerId !== null && networker(contact.ownerId)?.archived === false;
  const lastTouchAt = relationships.reduce<EpochMs | null>(
    (latest, r) =>
      r.lastTouchAt !== null && (latest === null || r.lastTouchAt > latest)
        ? r.lastTouchAt
        : latest,
    null,
  );
  return {
    contactId: contact.contactId,
    keyStakeholder,
    threads,
    maxScore,
    strongestOwnerId: strongest?.ownerId ?? null,
    strongestActiveOwnerId: strongestActive?.ownerId ?? null,
    ownerScore,
    singleThreaded: keyStakeholder && threads === 1,
    cold,
    unthreaded: keyStakeholder && threads === 0 && !cold,
    orphaned: strongest !== undefined && !isActive(strongest),
    // Only a clear case: the owner barely knows them while a colleague knows them well.
    ownerMismatch:
      ownerActive &&
      strongestActive !== undefined &&
      strongestActive.ownerId !== contact.ownerId &&
      strongestActive.score >= s.grades.strong &&
      ownerScore < s.threadThreshold,
    lastTouchAt,
    strongOwnerIds: active
      .filter((r) => r.score >= s.grades.strong)
      .map((r) => r.ownerId)
      .sort((a, b) => a - b),
  };
}
