import type { HubspotGateway } from '../hubspot/gateway.js';
import type { Clock } from '../shared/clock.js';
import type { BackfillCheckpoint } from '../store/repositories/job-repository.js';
import type { Store } from '../store/store.js';
import {
  partitionsFor,
  planBackfill,
  type BackfillPlan,
  type RateBudget,
  type TypeCount,
} from './backfill-plan.js';
import { ASSOCIATIONS, CRM_STEPS, OBJECT_TYPE, type ObjectStep } from './backfill-reads.js';

/** The types whose counts are probed and which may be read by search partitions. */
export const PLANNED: readonly ObjectStep[] = CRM_STEPS;
export const PLAN_KEY = 'plan';
/** Types the exports API takes by name; below EXPORT_MIN records, ten list pages are cheaper. */
const EXPORTABLE: ReadonlySet<ObjectStep> = new Set(['contacts', 'companies', 'deals']);
const EXPORT_MIN = 1_000;

/** A type's streams: its list cursor or export (keyed by the type), its searches (`type#…`). */
export const partsOf = (saved: ReadonlyMap<string, BackfillCheckpoint>, step: string) =>
  [...saved.values()].filter((c) => c.objectType === step || c.objectType.startsWith(`${step}#`));

/** Records a type has written so far, over its streams. */
export const recordsSoFar = (saved: ReadonlyMap<string, BackfillCheckpoint>, step: string) =>
  partsOf(saved, step).reduce((n, c) => n + c.records, 0);

/**
 * The saved plan of an interrupted backfill (its partitions must not move), or a new one from a
 * search probe per type: the first probe gives the count and the lowest id, a second, for types
 * big enough to split, the highest id.
 */
export async function planFor(
  options: {
    store: Store;
    gateway: HubspotGateway;
    clock: Clock;
    portalId: number;
    useExports?: boolean;
  },
  saved: Map<string, BackfillCheckpoint>,
  budget: RateBudget,
  totals: Map<string, number>,
): Promise<BackfillPlan> {
  const stored = saved.get(PLAN_KEY);
  if (stored?.after) {
    const parsed = JSON.parse(stored.after) as { plan: BackfillPlan; totals: [string, number][] };
    for (const [step, n] of parsed.totals) totals.set(step, n);
    return parsed.plan;
  }
  let probes = 0;
  const counts = await Promise.all(
    PLANNED.map(async (step): Promise<TypeCount> => {
      const probe = async (descending: boolean) => {
        const page = await options.gateway.searchIdRange(
          OBJECT_TYPE[step],
          [],
          { afterId: 0, toId: Number.MAX_SAFE_INTEGER },
          { limit: 1, descending },
        );
        probes += 1;
        return { total: page.total, id: Number(page.results[0]?.id ?? 0) };
      };
      const low = await probe(false);
      const exported =
        options.useExports !== false && EXPORTABLE.has(step) && low.total >= EXPORT_MIN;
      // One partition needs no upper bound; only types worth splitting pay for a second probe.
      const maxId =
        !exported && partitionsFor(low.total) > 1
          ? (await probe(true)).id
          : Number.MAX_SAFE_INTEGER;
      return {
        step,
        records: low.total,
        associationKinds: ASSOCIATIONS[step],
        exported,
        minId: low.id,
        maxId,
      };
    }),
  );
  for (const c of counts) totals.set(c.step, c.records);
  const plan = planBackfill(counts, budget);
  await savePlan(options.store, options.portalId, options.clock, saved, plan, totals, probes);
  return plan;
}

export async function savePlan(
  store: Store,
  portalId: number,
  clock: Clock,
  saved: Map<string, BackfillCheckpoint>,
  plan: BackfillPlan,
  totals: Map<string, number>,
  probes = saved.get(PLAN_KEY)?.calls ?? 0,
): Promise<void> {
  const checkpoint: BackfillCheckpoint = {
    objectType: PLAN_KEY,
    after: JSON.stringify({ plan, totals: [...totals] }),
    done: true,
    records: 0,
    calls: probes,
  };
  await store.jobs.saveCheckpoint(portalId, checkpoint, clock.now());
  saved.set(PLAN_KEY, checkpoint);
}
