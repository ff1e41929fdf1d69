import type { Owner, TouchType } from '../domain/types.js';
import type { TouchWithLinks } from '../store/mirror-loader.js';
import type { ContactDraft } from './demo-people.js';
import { DAY_MS, cyclic, type Random } from './demo-random.js';

const TYPE_MIX: readonly (readonly [TouchType, number])[] = [
  ['email_out', 34],
  ['email_in', 24],
  ['call', 15],
  ['meeting', 15],
  ['note', 9],
  ['event', 3],
];
const HISTORY_DAYS = 730;
// Key stakeholders (8% of contacts, see demo-people) get twice the attention; dividing by the mean
// boost keeps the total near the requested number of touches.
const KEY_BOOST = 2;
const MEAN_BOOST = 1 + 0.08 * (KEY_BOOST - 1);

/**
 * The touches between one contact and the networkers who know them. Key stakeholders get more
 * attention; about a third of them are known by one networker only (a planted flaw the caller records).
 */
export function makeTouches(
  draft: ContactDraft,
  ctx: {
    random: Random;
    asOf: number;
    perContact: number;
    activeOwners: readonly Owner[];
    ownerById: (id: number) => Owner | undefined;
    nextTouchId: () => number;
  },
): TouchWithLinks[] {
  const { random } = ctx;
  const { contact } = draft;
  const intensity =
    (random.exponential() * (contact.isKeyStakeholder ? KEY_BOOST : 1)) / MEAN_BOOST;
  const count = Math.round(ctx.perContact * intensity);
  if (count === 0) return [];

  const owner = contact.ownerId === null ? undefined : ctx.ownerById(contact.ownerId);
  const knowers: Owner[] = owner ? [owner] : [random.pick(ctx.activeOwners)];
  const singleThreaded = contact.isKeyStakeholder ? random.chance(0.35) : random.chance(0.45);
  if (!singleThreaded) {
    const extra = contact.isKeyStakeholder
      ? 1 + Math.floor(random.float() * 3)
      : 1 + (random.chance(0.3) ? 1 : 0);
    for (let k = 0; k < extra; k += 1) {
      const candidate = random.pick(ctx.activeOwners);
      if (!knowers.includes(candidate)) knowers.push(candidate);
    }
  }

  const touches: TouchWithLinks[] = [];
  for (let n = 0; n < count; n += 1) {
    // Every knower gets at least one touch; the first (usually the owner) gets the most.
    const who =
      n < knowers.length
        ? cyclic(knowers, n)
        : random.chance(0.55)
          ? cyclic(knowers, 0)
          : random.pick(knowers);
    const latest = who.archivedAt ?? ctx.asOf;
    const windowDays = Math.max(1, HISTORY_DAYS - (ctx.asOf - latest) / DAY_MS);
    const ageDays = random.chance(0.6)
      ? random.float() * Math.min(180, windowDays)
      : random.float() * windowDays;
    const occurredAt = Math.round(latest - ageDays * DAY_MS);
    const delay = random.chance(0.8)
      ? random.int(1, 60) * 60_000
      : random.chance(0.75)
        ? random.int(1, 72) * 3_600_000
        : random.int(3, 20) * DAY_MS;
    const type = random.weighted(TYPE_MIX);
    touches.push({
      touch: {
        touchId: ctx.nextTouchId(),
        type,
        occurredAt,
        loggedAt: Math.min(ctx.asOf, occurredAt + delay),
        ownerId: who.ownerId,
      },
      contactIds: [contact.contactId],
      companyIds:
        draft.companyId !== null && (type === 'meeting' || type === 'call')
          ? [draft.companyId]
          : [],
    });
  }
  return touches;
}
