import type { HubspotGateway } from '../hubspot/gateway.js';
import { HubspotError } from '../hubspot/hubspot-error.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from '../hubspot/rate-limits.js';
import type { Clock } from '../shared/clock.js';
import type { BackfillCheckpoint } from '../store/repositories/job-repository.js';
import type { Store } from '../store/store.js';
import {
  secondsLeft,
  type BackfillPlan,
  type PathName,
  type RateBudget,
  type TypeCount,
} from './backfill-plan.js';
import { convergingReaders } from './backfill-converge.js';
import { partsOf, planFor, PLANNED, recordsSoFar, savePlan } from './backfill-plan-store.js';
import {
  ASSOCIATIONS,
  BACKFILL_ORDER,
  countCalls,
  createExportSlot,
  exportReader,
  readListBatch,
  readOwnerPage,
  readSearchBatch,
  type BackfillStep,
  type Batch,
  type ObjectStep,
} from './backfill-reads.js';
import { summarize, type BackfillReport } from './backfill-summary.js';
import { writeForRecords } from './fetch-records.js';

export { BACKFILL_ORDER, type BackfillStep } from './backfill-reads.js';
export type { BackfillReport } from './backfill-summary.js';

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
    const parts = partsOf(saved, step);
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
      const done = batch.done ?? batch.after === null;
      next = !done && batch.after !== null && !stopping() ? readBatch(batch.after) : undefined;
      const { write, calls } = await countCalls(gateway, (counted) =>
        step === 'owners' || step === 'owners_archived'
          ? Promise.resolve(batch.write ?? (async () => {}))
          : writeForRecords(step, batch.records, counted),
      );
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
  /** Both ends of a type at once, until they meet (backfill-converge.ts). */
  async function runConverging(step: ObjectStep): Promise<void> {
    const ends = convergingReaders(gateway, step, {
      list: saved.get(step)?.after ?? null,
      search: saved.get(`${step}#down`)?.after ?? null,
    });
    await Promise.all([run(step, step, ends.list), run(`${step}#down`, step, ends.search)]);
  }

  // Exports where the portal grants them; the first refusal sends every exported type to pages.
  const paths = new Map<string, PathName>();
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
            if (p.path === 'export') plan.steps[s] = { path: 'converge' };
          await savePlan(store, portalId, clock, saved, plan, totals);
        }
      }
    }
    paths.set(step, 'converge');
    // The refused start was a call too.
    saved.set(step, { objectType: step, after: null, done: false, records: 0, calls: 1 });
    await runConverging(step);
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
      else if (path?.path === 'converge') streams.push(guarded(runConverging(step)));
      else if (path?.path === 'export') streams.push(guarded(runExport(step)));
      else streams.push(guarded(run(step, step, (after) => readListBatch(gateway, step, after))));
    }
    await Promise.all(streams);
  }
  if (failure !== undefined) throw failure;

  return {
    ...summarize({ saved, plan, paths, totals, budget }),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    stopped: options.shouldStop?.() === true && [...saved.values()].some((c) => !c.done),
  };
}
