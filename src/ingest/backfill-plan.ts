/**
 * How a backfill reads each object type, chosen from the portal's record counts and HubSpot's
 * limits (reliability-performance.md §3.2). A list cursor is latency-bound (one page of 100 in
 * flight), search is rate-bound on its own budget (5 per second, pages of 200, also counted in
 * the ten-secondly one) but can run several id-range partitions at once. A type can also be read
 * from both ends at once: its list cursor climbs the ids while a search descends from the top,
 * and they stop where they meet, so the split between the two budgets settles itself. The plan
 * picks a path per type so that the predicted wall time — the largest of the general budget's
 * time, the search budget's time and the slowest cursor — is smallest. Pure: no I/O.
 */

export const LIST_PAGE = 100;
export const SEARCH_PAGE = 200;
export const ASSOCIATION_BATCH = 1_000;
/** Search partitions per type read by search: enough to keep 5 searches a second in flight. */
export const PARTITIONS = 4;
/** An export costs its start, a status check while HubSpot builds the file, and the one that finds it ready. */
export const EXPORT_CALLS = 3;
/** Below this many records per partition, splitting costs more tail calls than it saves time. */
const PARTITION_MIN = 5_000;

/** How many id-range partitions a type of this size is searched in. */
export const partitionsFor = (records: number): number =>
  Math.max(1, Math.min(PARTITIONS, Math.ceil(records / PARTITION_MIN)));

export interface TypeCount {
  step: string;
  records: number;
  /** Association batch reads each 1,000 records need. */
  associationKinds: number;
  /** Read by one export job (the portal grants `crm.export`) rather than pages. */
  exported?: boolean;
  /** Lowest and highest record id (search partitions split this range; unbounded above: MAX_SAFE_INTEGER). */
  minId: number;
  maxId: number;
}

export interface RateBudget {
  /** General requests per second (HubSpot: 10 or 19). */
  general: number;
  /** Search requests per second (HubSpot: 5). */
  search: number;
  /** Seconds one request takes (measured on the probes). */
  latency: number;
}

export type StepPath =
  | { path: 'list' }
  | { path: 'export' }
  | { path: 'search'; partitions: { afterId: number; toId: number }[] }
  /** A list cursor up from the lowest id and a search down from the highest, until they meet. */
  | { path: 'converge' };
export type PathName = StepPath['path'];

export interface BackfillPlan {
  steps: Record<string, StepPath>;
  /** The calls this plan needs at least (full pages, association reads per 1,000). */
  generalCalls: number;
  searchCalls: number;
  /** Predicted seconds: what the limits and the slowest cursor allow. */
  predictedSeconds: number;
  /** Seconds the rate limits alone allow for these calls (the benchmark's bound). */
  boundSeconds: number;
}

const pages = (records: number, size: number) => Math.ceil(records / size);

/**
 * Calls and predicted time of one assignment of paths to types. Records of converging types go
 * to whichever budget has room: the search share is the one that makes the general budget's time
 * and the search budget's time equal (a search page carries 200 records for one call of each
 * budget, a list page 100 for one general call), within what those types hold.
 */
export function estimate(
  counts: readonly TypeCount[],
  paths: readonly PathName[],
  budget: RateBudget,
): { generalCalls: number; searchCalls: number; boundSeconds: number; predictedSeconds: number } {
  let generalCalls = 0;
  let searchCalls = 0;
  let converging = 0;
  let slowestCursor = 0;
  counts.forEach((c, i) => {
    if (c.records === 0) return;
    generalCalls += c.associationKinds * pages(c.records, ASSOCIATION_BATCH);
    const path = c.exported ? 'export' : paths[i];
    if (path === 'export') {
      // Start and status: the file itself is downloaded outside the API's limits.
      generalCalls += EXPORT_CALLS;
    } else if (path === 'search') {
      const n = pages(c.records, SEARCH_PAGE);
      searchCalls += n;
      generalCalls += n;
      slowestCursor = Math.max(slowestCursor, (n / partitionsFor(c.records)) * budget.latency);
    } else if (path === 'converge') {
      converging += c.records;
      // Both ends in flight: a list page of 100 and a search page of 200 per round trip.
      const perTrip = LIST_PAGE + SEARCH_PAGE;
      slowestCursor = Math.max(slowestCursor, (c.records / perTrip) * budget.latency);
    } else {
      const n = pages(c.records, LIST_PAGE);
      generalCalls += n;
      // Association reads overlap the next pages: a cursor waits only on its own pages.
      slowestCursor = Math.max(slowestCursor, n * budget.latency);
    }
  });
  if (converging > 0) {
    const { general: g, search: s } = budget;
    const balanced =
      (SEARCH_PAGE * ((generalCalls + converging / LIST_PAGE) / g - searchCalls / s)) /
      (1 / g + 1 / s);
    const bySearch = Math.min(converging, Math.max(0, balanced));
    searchCalls += Math.ceil(bySearch / SEARCH_PAGE);
    generalCalls +=
      Math.ceil(bySearch / SEARCH_PAGE) + Math.ceil((converging - bySearch) / LIST_PAGE);
  }
  const boundSeconds = Math.max(generalCalls / budget.general, searchCalls / budget.search);
  return {
    generalCalls,
    searchCalls,
    boundSeconds,
    predictedSeconds: Math.max(boundSeconds, slowestCursor),
  };
}

/** Splits (minId − 1, maxId] into `n` id ranges of equal width. */
export function partition(minId: number, maxId: number, n: number) {
  const from = minId - 1;
  const width = Math.max(1, Math.ceil((maxId - from) / n));
  const out: { afterId: number; toId: number }[] = [];
  for (let start = from; start < maxId; start += width)
    out.push({ afterId: start, toId: Math.min(maxId, start + width) });
  return out;
}

const CHOICES: readonly PathName[] = ['list', 'search', 'converge'];

/**
 * Tries every assignment of the paged types to list, search or both ends (3^7 for HubSpot's CRM
 * types) and keeps the fastest. Ties go to both ends over search partitions and over a list
 * alone: list cursors use the general budget, which searches share, and a converging type's search
 * end stops where its list cursor got to, so it costs nothing when the list keeps up — and the
 * latency the plan assumes is a few owner pages' worth, so a list that "just keeps up" in the
 * model often does not (100k in real time: calls on a list cursor took 1.54× the bound). Types of
 * a page or two stay on list.
 */
export function planBackfill(
  counts: readonly TypeCount[],
  budget: RateBudget,
  allowed: readonly PathName[] = CHOICES,
): BackfillPlan {
  const choices = counts.map((c): readonly PathName[] =>
    c.exported ? ['export'] : c.records > SEARCH_PAGE ? allowed : ['list'],
  );
  const rank = (e: ReturnType<typeof estimate>, paths: readonly PathName[]) => [
    e.predictedSeconds,
    paths.filter((p) => p === 'search').length,
    -paths.filter((p) => p === 'converge').length,
  ];
  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i += 1) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (Math.abs(d) > 1e-9) return d < 0;
    }
    return false;
  };
  let best: { paths: PathName[]; e: ReturnType<typeof estimate>; rank: number[] } | undefined;
  const visit = (i: number, paths: PathName[]): void => {
    if (i === counts.length) {
      const e = estimate(counts, paths, budget);
      const r = rank(e, paths);
      if (!best || better(r, best.rank)) best = { paths: [...paths], e, rank: r };
      return;
    }
    for (const choice of choices[i] ?? ['list']) visit(i + 1, [...paths, choice]);
  };
  visit(0, []);
  const paths = best?.paths ?? counts.map(() => 'list' as const);
  const steps: Record<string, StepPath> = {};
  counts.forEach((c, i) => {
    const path = paths[i] ?? 'list';
    steps[c.step] =
      path === 'search'
        ? { path, partitions: partition(c.minId, c.maxId, partitionsFor(c.records)) }
        : { path };
  });
  const e = best?.e ?? estimate(counts, paths, budget);
  return {
    steps,
    generalCalls: e.generalCalls,
    searchCalls: e.searchCalls,
    predictedSeconds: e.predictedSeconds,
    boundSeconds: e.boundSeconds,
  };
}

/**
 * Seconds left, from what is left to read: the same model as the plan, so the estimate follows
 * the rate limits rather than the pace so far (which is fast while the budget is fresh).
 */
export function secondsLeft(
  remaining: readonly TypeCount[],
  plan: BackfillPlan,
  budget: RateBudget,
): number {
  return estimate(
    remaining.map((c) => ({ ...c, exported: plan.steps[c.step]?.path === 'export' })),
    remaining.map((c) => plan.steps[c.step]?.path ?? 'list'),
    budget,
  ).predictedSeconds;
}
