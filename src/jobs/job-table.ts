import { runAudit } from '../analytics/run-audit.js';
import type { HubspotGateway } from '../hubspot/gateway.js';
import type { Settings } from '../domain/settings.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import { KEEP_DEDUPE_KEYS_MS } from '../ingest/worker-loop.js';
import { reconcile } from '../ingest/reconcile.js';
import { alertDigests } from './alert-digests.js';
import { sendOutbox } from './send-outbox.js';
import { writeBack } from './write-back.js';

export interface JobContext {
  store: Store;
  gateway: HubspotGateway | undefined;
  clock: Clock;
  log: Logger;
  /** The portals this process serves. */
  portalIds: () => Promise<number[]>;
  /** Recomputes what is marked: after an audit, what this process's recomputes left meanwhile. */
  recompute?: () => Promise<unknown>;
}

export interface Job {
  name: string;
  description: string;
  /** Where the cron pattern lives: a key of the settings' schedules, or a fixed pattern. */
  pattern: (schedules: Settings['schedules']) => string;
  /** Jobs that talk to HubSpot are not scheduled without an access token. */
  needsHubspot?: boolean;
  /** Runs often and usually has nothing to do: logged at debug level. */
  quiet?: boolean;
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}

const forEachPortal = async (
  ctx: JobContext,
  work: (portalId: number) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> => {
  const out: Record<string, unknown> = {};
  for (const portalId of await ctx.portalIds()) out[String(portalId)] = await work(portalId);
  return out;
};

/**
 * Every scheduled job: a name, the pattern it fires on, and a plain function (tests call it; the
 * scheduler only decides when).
 */
export const JOBS: readonly Job[] = [
  {
    name: 'audit',
    description: 'full audit, then write the computed properties back to HubSpot',
    pattern: (s) => s.audit,
    run: (ctx) =>
      forEachPortal(ctx, async (portalId) => {
        const now = ctx.clock.now();
        const audit = await runAudit(ctx.store, portalId, { asOf: now, now, snapshot: false });
        await ctx.recompute?.();
        const written = await writeBack(ctx.store, portalId, now);
        return { findingsOpen: audit.findings.open, ms: audit.durationMs, ...written };
      }),
  },
  {
    name: 'snapshots',
    description: 'the month’s KPI snapshot of the organization, every team and networker',
    pattern: (s) => s.snapshots,
    run: (ctx) =>
      forEachPortal(ctx, async (portalId) => {
        const now = ctx.clock.now();
        const audit = await runAudit(ctx.store, portalId, { asOf: now, now, snapshot: true });
        await ctx.recompute?.();
        return { period: audit.snapshotPeriod };
      }),
  },
  {
    name: 'reconciliation',
    description:
      'repair the mirror from HubSpot’s recently modified records; counts what webhooks missed',
    pattern: (s) => s.reconciliation,
    needsHubspot: true,
    run: (ctx) =>
      forEachPortal(ctx, async (portalId) => {
        if (!ctx.gateway) return { skipped: 'no HubSpot access token configured' };
        const { checked, differences, searches } = await reconcile({
          store: ctx.store,
          gateway: ctx.gateway,
          clock: ctx.clock,
          portalId,
        });
        return { checked, differences, searches };
      }),
  },
  {
    name: 'digests',
    description:
      'daily digest tasks of new findings per owner, handover tasks for departed networkers',
    pattern: (s) => s.digests,
    run: (ctx) =>
      forEachPortal(ctx, (portalId) => alertDigests(ctx.store, portalId, ctx.clock.now())),
  },
  {
    name: 'inbox-pruning',
    description: 'forget processed webhook payloads and old dedupe keys',
    pattern: (s) => s.inboxPruning,
    run: async (ctx) => {
      const now = ctx.clock.now();
      const pruned = await ctx.store.inbox.prune(now - 3_600_000, now - KEEP_DEDUPE_KEYS_MS);
      const claims = await ctx.store.jobs.pruneClaims(now - 7 * 24 * 3_600_000);
      const runs = await ctx.store.jobs.pruneRuns(now - 30 * 24 * 3_600_000);
      return { ...pruned, claims, runs };
    },
  },
  {
    name: 'outbox',
    description: 'send queued tasks and property writes to HubSpot',
    pattern: () => '* * * * *',
    needsHubspot: true,
    quiet: true,
    run: async (ctx) => {
      if (!ctx.gateway) return { skipped: 'no HubSpot access token configured' };
      return { ...(await sendOutbox(ctx.store, ctx.gateway, ctx.clock, ctx.log)) };
    },
  },
];
