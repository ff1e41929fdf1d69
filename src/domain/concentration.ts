/**
 * Key-person concentration over a set of relationships (a company's contacts, a team's targets):
 * how much of the strong ties one networker holds. `topShare` is the largest networker's share of
 * strong ties; `hhi` is the Herfindahl index Σ share² over networkers (1 = one person holds all).
 */
export interface Concentration {
  strongTies: number;
  networkers: number;
  topOwnerId: number | null;
  topShare: number;
  hhi: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** `tiesByOwner`: strong-tie counts per active networker. */
export function concentration(tiesByOwner: ReadonlyMap<number, number>): Concentration {
  let total = 0;
  let topOwnerId: number | null = null;
  let top = 0;
  for (const [ownerId, n] of tiesByOwner) {
    if (n <= 0) continue;
    total += n;
    if (n > top || (n === top && topOwnerId !== null && ownerId < topOwnerId)) {
      top = n;
      topOwnerId = ownerId;
    }
  }
  if (total === 0) return { strongTies: 0, networkers: 0, topOwnerId: null, topShare: 0, hhi: 0 };
  let hhi = 0;
  let networkers = 0;
  for (const n of tiesByOwner.values()) {
    if (n <= 0) continue;
    networkers += 1;
    hhi += (n / total) ** 2;
  }
  return {
    strongTies: total,
    networkers,
    topOwnerId,
    topShare: round4(top / total),
    hhi: round4(hhi),
  };
}

/** Adds one relationship to a strong-tie tally when it is strong. */
export function tallyStrongTie(
  tally: Map<number, number>,
  ownerId: number,
  score: number,
  strongThreshold: number,
): void {
  if (score >= strongThreshold) tally.set(ownerId, (tally.get(ownerId) ?? 0) + 1);
}
