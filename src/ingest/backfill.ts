import type { HubspotGateway } from '../hubspot/gateway.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from '../hubspot/rate-limits.js';
import type { Clock } from '../shared/clock.js';
import type { BackfillCheckpoint } from '../store/repositories/job-repository.js';
import type { Store } from '../store/store.js';
import {
  ASSOCIATION_BATCH,
  EXPORT_CALLS,
  LIST_PAGE,
  partitionsFor,
  planBackfill,
  SEARCH_PAGE,
  secondsLeft,
  type BackfillPlan,
  type RateBudget,
  type TypeCount,
} from './backfill-plan.js';
import { HubspotError } from '../hubspot/hubspot-error.js';
import {
  ASSOCIATIONS,
  countCalls,
  createExportSlot,
  exportReader,
  OBJECT_TYPE,
  readListBatch,
  readOwnerPage,
  readSearchBatch,
  type Batch,
  type ObjectStep,
} from './backfill-reads.js';
import { writeForRecords } from './fetch-records.js';

/** Owners first (everything else refers to them); the object types then run side by side. */
export const BACKFILL_ORDER = [
  'owners',
  'owners_archived',
  'companies',
  'contacts',
  'deals',
  'calls',
  'emails',
  'meetings',
  'notes',
  'networking_team',
  'networking_role',
  'networking_activity',
] as const;
export type BackfillStep = (typeof BACKFILL_ORDER)[number];
/** The types whose counts are probed and which may be read by search partitions. */
const PLANNED: readonly ObjectStep[] = [
  'companies',
  'contacts',
  'deals',
  'calls',
  'emails',
  'meetings',
  'notes',
];
const PLAN_KEY = 'plan';
/** Types the exports API takes by name; below EXPORT_MIN records, ten list pages are cheaper. */
const EXPORTABLE: ReadonlySet<ObjectStep> = new Set(['contacts', 'companies', 'deals']);
const EXPORT_MIN = 1_000;

export interface BackfillProgress {
  step: BackfillStep;
  records: number;
  /** How many records HubSpot holds for this type (probed), when known. */
  total: number | undefined;
  calls: number;
  done: boolean;
  /** Seconds left that the rate limits allow for what is still to read. */
  etaSeconds: number | undefined;
}

export interface BackfillReport {
  steps: (BackfillCheckpoint & { path: 'list' | 'search' | 'export' })[];
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

/**
 * Fills the mirror from HubSpot. Owners come first; then every object type is read at once: list
 * pages of 100 on one cursor per type, or — for the types where that is faster — search pages of
 * 200 over parallel id-range partitions (reliability-performance.md §3.2), the choice made from
 * probed record counts (backfill-plan.ts). Each thousand records are written in one transaction
 * with the checkpoint that points past them while the next thousand are read, so a crash or
 * Ctrl-C resumes there and never writes a record twice. Memory holds two thousand records per
 * cursor.
 */
export async function backfill(options: {
  store: Store;
  gateway: HubspotGateway;
  clock: Clock;
  portalId: number;
  portalName?: string;
  restart?: boolean;
  /** The limits the gateway keeps: the plan and the time estimate follow them. */
  limits?: RateLimitOptions;
  onProgress?: (p: BackfillProgress) => void;
  /** Try the exports API for contacts, companies and deals (default true; refused: pages). */
  useExports?: boolean;
  /** Stops cleanly after the batches in hand (Ctrl-C): their checkpoints are saved with them. */
  shouldStop?: () => boolean;
}): Promise<BackfillReport & { stopped: boolean }> {
  const { store, gateway, clock, portalId } = options;
  const started = performance.now();
  const limits = options.limits ?? DEFAULT_RATE_LIMITS;
  const scale = limits.timeScale ?? 1;
  const budget: RateBudget = {
    general: (limits.requestsPer10s / 10) * scale,
    search: limits.searchesPerSecond * scale,
    latency: 0.3,
  };
  if (options.restart) await store.jobs.resetCheckpoints(portalId);
  if (!(await store.portals.get(portalId)))
    await store.portals.upsert({
      portalId,
      name: options.portalName ?? `HubSpot portal ${portalId}`,
      source: 'hubspot',
      createdAt: clock.now(),
    });
  const saved = new Map((await store.jobs.checkpoints(portalId)).map((c) => [c.objectType, c]));
  let failure: unknown;
  const stopping = () => failure !== undefined || options.shouldStop?.() === true;

  const totals = new Map<string, number>();
  const read = new Map<string, number>();
  let plan: BackfillPlan | undefined;
  const report = (step: BackfillStep) => {
    const remaining: TypeCount[] = PLANNED.map((s) => ({
      step: s,
      records: Math.max(0, (totals.get(s) ?? 0) - (read.get(s) ?? 0)),
      associationKinds: ASSOCIATIONS[s],
      minId: 0,
      maxId: 0,
    }));
    const keys = [...saved.keys()].filter((k) => k === step || k.startsWith(`${step}#`));
    const parts = keys.map((k) => saved.get(k) as BackfillCheckpoint);
    options.onProgress?.({
      step,
      records: parts.reduce((n, c) => n + c.records, 0),
      total: totals.get(step),
      calls: parts.reduce((n, c) => n + c.calls, 0),
      done: parts.length > 0 && parts.every((c) => c.done),
      etaSeconds: plan ? secondsLeft(remaining, plan, budget) : undefined,
    });
  };

  /** Writes batches as they come, reading the next one meanwhile; the checkpoint rides along. */
  async function run(
    key: string,
    step: BackfillStep,
    readBatch: (after: string | null) => Promise<Batch>,
  ): Promise<void> {
    let checkpoint: BackfillCheckpoint = saved.get(key) ?? {
      objectType: key,
      after: null,
      done: false,
      records: 0,
      calls: 0,
    };
    saved.set(key, checkpoint);
    let next = checkpoint.done || stopping() ? undefined : readBatch(checkpoint.after);
    while (next) {
      const batch = await next;
      next = batch.after !== null && !stopping() ? readBatch(batch.after) : undefined;
      const { write, calls } = await countCalls(gateway, (counted) =>
        step === 'owners' || step === 'owners_archived'
          ? Promise.resolve(batch.write ?? (async () => {}))
          : writeForRecords(step, batch.records, counted),
      );
      const done = batch.after === null;
      const following: BackfillCheckpoint = {
        objectType: key,
        after: batch.after,
        done,
        records: checkpoint.records + batch.count,
        calls: checkpoint.calls + batch.calls + calls,
      };
      await store.transaction(async (repos) => {
        await write(repos, portalId);
        await repos.jobs.saveCheckpoint(portalId, following, clock.now());
        // A backfill ends with a full audit, which recomputes everything: the marks would only
        // fill the table with millions of rows the audit then clears.
        await repos.dirty.clear(portalId);
      });
      checkpoint = following;
      saved.set(key, checkpoint);
      read.set(step, (read.get(step) ?? 0) + batch.count);
      report(step);
    }
  }
  // Exports where the portal grants them; the first refusal sends every exported type to pages.
  const paths = new Map<string, 'list' | 'search' | 'export'>();
  let exportsDenied = false;
  const exportSlot = createExportSlot();
  const pollMs = 5_000 / scale;
  async function runExport(step: ObjectStep): Promise<void> {
    if (!exportsDenied) {
      try {
        await run(
          step,
          step,
          exportReader(gateway, step, saved.get(step)?.after ?? null, {
            slot: exportSlot,
            pollMs,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          }),
        );
        return;
      } catch (error) {
        const denied = error instanceof HubspotError && error.kind === 'missing_scopes';
        if (!denied || recordsSoFar(saved, step) > 0) throw error;
        exportsDenied = true;
        // Remembered in the saved plan: a resumed backfill goes on with pages.
        if (plan) {
          for (const [s, p] of Object.entries(plan.steps))
            if (p.path === 'export') plan.steps[s] = { path: 'list' };
          await savePlan(store, portalId, clock, saved, plan, totals);
        }
      }
    }
    paths.set(step, 'list');
    // The refused start was a call too.
    saved.set(step, { objectType: step, after: null, done: false, records: 0, calls: 1 });
    await run(step, step, (after) => readListBatch(gateway, step, after));
  }
  const guarded = (work: Promise<void>) =>
    work.catch((error: unknown) => {
      failure ??= error;
    });

  // Owner pages are read one at a time on a fresh budget: their time is HubSpot's latency.
  const ownerSeconds: number[] = [];
  for (const step of ['owners', 'owners_archived'] as const)
    await guarded(
      run(step, step, async (after) => {
        const t0 = performance.now();
        const batch = await readOwnerPage(gateway, step, after);
        ownerSeconds.push((performance.now() - t0) / 1_000);
        return batch;
      }),
    );
  // The first call also pays for the connection: it speaks for the latency only when alone.
  const warm = ownerSeconds.length > 1 ? ownerSeconds.slice(1) : ownerSeconds;
  if (warm.length > 0) budget.latency = warm.reduce((a, b) => a + b, 0) / warm.length;

  if (failure === undefined && !stopping()) {
    plan = await planFor(options, saved, budget, totals);
    for (const [step, count] of totals) read.set(step, Math.min(count, recordsSoFar(saved, step)));
    const streams: Promise<void>[] = [];
    for (const step of BACKFILL_ORDER.slice(2) as ObjectStep[]) {
      const path = plan.steps[step];
      // The probe found none: nothing to read (webhooks bring whatever is created later).
      if (totals.get(step) === 0) {
        saved.set(step, { objectType: step, after: null, done: true, records: 0, calls: 0 });
        continue;
      }
      if (path?.path === 'search')
        path.partitions.forEach((range, i) =>
          streams.push(
            guarded(
              run(`${step}#${i}`, step, (after) =>
                readSearchBatch(gateway, step, {
                  afterId: after === null ? range.afterId : Number(after),
                  toId: range.toId,
                }),
              ),
            ),
          ),
        );
      else if (path?.path === 'export') streams.push(guarded(runExport(step)));
      else streams.push(guarded(run(step, step, (after) => readListBatch(gateway, step, after))));
    }
    await Promise.all(streams);
  }
  if (failure !== undefined) throw failure;

  const steps = BACKFILL_ORDER.flatMap((step) => {
    const parts = [...saved.values()].filter(
      (c) => c.objectType === step || c.objectType.startsWith(`${step}#`),
    );
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
  // The calls the counts need on the chosen paths: full pages, association reads per 1,000.
  const pagesNeeded = (c: (typeof steps)[number]) =>
    // A type the probe found empty needs no read; an unprobed one, one empty page.
    totals.get(c.objectType) === 0
      ? 0
      : c.path === 'export'
        ? EXPORT_CALLS
        : Math.max(1, Math.ceil(c.records / (c.path === 'search' ? SEARCH_PAGE : LIST_PAGE)));
  const minimumCalls = steps.reduce(
    (n, c) =>
      n +
      pagesNeeded(c) +
      ASSOCIATIONS[c.objectType as BackfillStep] * Math.ceil(c.records / ASSOCIATION_BATCH),
    0,
  );
  const minimumSearches = steps
    .filter((c) => c.path === 'search')
    .reduce((n, c) => n + pagesNeeded(c), 0);
  return {
    steps,
    calls: steps.reduce((n, c) => n + c.calls, 0) + probes,
    probeCalls: probes,
    minimumCalls,
    boundSeconds: round1(Math.max(minimumCalls / budget.general, minimumSearches / budget.search)),
    seconds: round1((performance.now() - started) / 1_000),
    plan,
    stopped: options.shouldStop?.() === true && steps.some((s) => !s.done),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function recordsSoFar(saved: Map<string, BackfillCheckpoint>, step: string): number {
  return [...saved.values()]
    .filter((c) => c.objectType === step || c.objectType.startsWith(`${step}#`))
    .reduce((n, c) => n + c.records, 0);
}

/**
 * The saved plan of an interrupted backfill (its partitions must not move), or a new one from a
 * search probe per type: the first probe gives the count and the lowest id, a second, for types
 * big enough to split, the highest id.
 */
async function planFor(
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

async function savePlan(
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
