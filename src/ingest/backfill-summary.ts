import type { BackfillCheckpoint } from '../store/repositories/job-repository.js';
import {
  ASSOCIATION_BATCH,
  EXPORT_CALLS,
  LIST_PAGE,
  SEARCH_PAGE,
  type BackfillPlan,
  type PathName,
  type RateBudget,
} from './backfill-plan.js';
import { partsOf, PLAN_KEY } from './backfill-plan-store.js';
import { ASSOCIATIONS, BACKFILL_ORDER, type BackfillStep } from './backfill-reads.js';

export interface BackfillReport {
  steps: (BackfillCheckpoint & { path: PathName })[];
  calls: number;
  /** Search probes of the types' sizes (one or two per CRM type), included in `calls`. */
  probeCalls: number;
  /** The fewest calls the chosen paths need for these counts: full pages, associations per 1,000. */
  minimumCalls: number;
  /** Seconds the rate limits allow for the calls needed (searches also on their own budget). */
  boundSeconds: number;
  seconds: number;
  plan: BackfillPlan | undefined;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * What a backfill did, per type (partitions summed), against the fewest calls the counts need on
 * the chosen paths and the time the rate limits allow for those calls.
 */
export function summarize(state: {
  saved: ReadonlyMap<string, BackfillCheckpoint>;
  plan: BackfillPlan | undefined;
  /** Paths that changed while running (an export refused: pages). */
  paths: ReadonlyMap<string, PathName>;
  totals: ReadonlyMap<string, number>;
  budget: RateBudget;
}): Omit<BackfillReport, 'seconds'> {
  const { saved, plan, paths, totals, budget } = state;
  const steps = BACKFILL_ORDER.flatMap((step) => {
    const parts = partsOf(saved, step);
    if (parts.length === 0) return [];
    return [
      {
        objectType: step,
        path: paths.get(step) ?? plan?.steps[step]?.path ?? ('list' as const),
        after: parts.length === 1 ? (parts[0]?.after ?? null) : null,
        done: parts.every((c) => c.done),
        records: parts.reduce((n, c) => n + c.records, 0),
        calls: parts.reduce((n, c) => n + c.calls, 0),
      },
    ];
  });
  const probes = saved.get(PLAN_KEY)?.calls ?? 0;
  // The calls the counts need on the paths taken, stream by stream (a search partition or the
  // descending half of a converging type is keyed `type#…`): full pages, and association reads
  // per 1,000 records of the type.
  let minimumCalls = 0;
  let minimumSearches = 0;
  for (const c of steps) {
    // A type the probe found empty needs no read.
    if (totals.get(c.objectType) === 0) continue;
    minimumCalls +=
      ASSOCIATIONS[c.objectType as BackfillStep] * Math.ceil(c.records / ASSOCIATION_BATCH);
    if (c.path === 'export') {
      minimumCalls += EXPORT_CALLS;
      continue;
    }
    for (const part of partsOf(saved, c.objectType)) {
      const searched = part.objectType.includes('#');
      // Every stream asks at least once, even when the other end read everything.
      const pages = Math.max(1, Math.ceil(part.records / (searched ? SEARCH_PAGE : LIST_PAGE)));
      minimumCalls += pages;
      if (searched) minimumSearches += pages;
    }
  }
  return {
    steps,
    calls: steps.reduce((n, c) => n + c.calls, 0) + probes,
    probeCalls: probes,
    minimumCalls,
    boundSeconds: round1(Math.max(minimumCalls / budget.general, minimumSearches / budget.search)),
    plan,
  };
}
