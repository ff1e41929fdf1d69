import type { Settings } from './settings.js';
import { strengthAt, type PairTouch } from './strength.js';
import { DAY_MS } from './time.js';
import type { EpochMs } from './types.js';

/** How long after an activity its effect on relationships is measured. */
export const LIFT_WINDOW_DAYS = 30;

export interface AttendeeRelationship {
  contactId: number;
  ownerId: number;
  touches: readonly PairTouch[];
}

export interface EventLift {
  contacts: number;
  /** Mean over attending contacts of (strongest relationship after − before), in points. */
  lift: number;
  /** Relationships that crossed the familiar grade because of the activity's window. */
  newTies: number;
  measuredAt: EpochMs;
}

/**
 * Strength before the activity started vs `LIFT_WINDOW_DAYS` after it ended (or `asOf`, if sooner),
 * over the relationships between the attending networkers and the attending contacts.
 */
export function eventLift(
  activity: { startsAt: EpochMs; endsAt: EpochMs | null },
  attendeeContactIds: readonly number[],
  relationships: readonly AttendeeRelationship[],
  asOf: EpochMs,
  s: Settings['strength'],
): EventLift {
  const before = activity.startsAt - 1;
  const measuredAt = Math.min(
    asOf,
    (activity.endsAt ?? activity.startsAt) + LIFT_WINDOW_DAYS * DAY_MS,
  );
  const best = new Map<number, { before: number; after: number }>(
    attendeeContactIds.map((id) => [id, { before: 0, after: 0 }]),
  );
  let newTies = 0;
  for (const r of relationships) {
    if (!best.has(r.contactId)) continue;
    const b = strengthAt(r.touches, before, s).score;
    const a = strengthAt(r.touches, measuredAt, s).score;
    if (b < s.grades.familiar && a >= s.grades.familiar) newTies += 1;
    const cur = best.get(r.contactId) ?? { before: 0, after: 0 };
    best.set(r.contactId, { before: Math.max(cur.before, b), after: Math.max(cur.after, a) });
  }
  let sum = 0;
  for (const v of best.values()) sum += v.after - v.before;
  return {
    contacts: best.size,
    lift: best.size === 0 ? 0 : Math.round((sum / best.size) * 100) / 100,
    newTies,
    measuredAt,
  };
}
