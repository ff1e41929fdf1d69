import { createPortalCache } from './analytics/portal-cache.js';
import { createRecomputer } from './analytics/recompute.js';
import { createCardApi } from './card-api/card-api.js';
import { startScheduler } from './jobs/scheduler.js';
import { mountCardRoutes } from './http/card-routes.js';
import { mountReportRoute } from './http/report-route.js';
import { createReportAccess } from './report/report-access.js';
import { runAudit } from './analytics/run-audit.js';
import type { Config } from './config/load-config.js';
import { seedDemo } from './demo/seed-demo.js';
import type { DemoProgress } from './demo/generate-demo.js';
import { gatewayFromConfig } from './hubspot/gateway-from-config.js';
import { createApp } from './http/create-app.js';
import { mountWebhookRoute } from './http/webhook-route.js';
import { createInboxWorker, type InboxWorker } from './ingest/inbox-worker.js';
import { receiveWebhook } from './ingest/receive-webhook.js';
import { systemClock } from './shared/clock.js';
import { createMetrics } from './shared/metrics.js';
import { startServer, type RunningServer } from './http/start-server.js';
import type { Logger } from './shared/logger.js';
import { openStore } from './store/open-store.js';
import type { PortalStats } from './store/repositories/portal-repository.js';
import type { Store } from './store/store.js';

export interface ServiceHooks {
  onSeedProgress?: (progress: DemoProgress) => void;
  /** Called once the service answers requests, with the lines of the startup summary. */
  onReady?: (summary: string[]) => void;
}

export interface RunningService {
  url: string;
  store: Store;
  worker: InboxWorker | undefined;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration → store (migrated) → demo seed when empty → HTTP.
 * Later capabilities (ingestion, jobs, card API) are wired here and nowhere else.
 */
export async function startService(
  config: Config,
  log: Logger,
  hooks: ServiceHooks = {},
): Promise<RunningService> {
  const { store, migrations } = await openStore(config.store);
  let http: RunningServer | undefined;
  try {
    if (migrations.applied.length > 0) log.info({ applied: migrations.applied }, 'store migrated');
    // Listen first: a taken port fails before any write, and /healthz answers while the demo loads
    // (/readyz says 503 until it is done).
    let state: 'starting' | 'ready' | 'draining' = 'starting';
    const metrics = createMetrics();
    const portals = createPortalCache();
    // Changes applied by the worker mark what they touched; this recomputes only that.
    const recomputer = createRecomputer({ store, clock: systemClock, log, portals });
    // A failed recompute keeps its marks, so the next pass (or the nightly audit) redoes it.
    const recompute = (maxMs?: number) =>
      recomputer.drain(maxMs).catch((error: unknown) => {
        log.warn({ err: error }, 'analytics recompute failed; its marks stay for the next pass');
      });
    // Settings changes re-run the audit in the background, one run at a time per portal.
    const audits = new Map<number, Promise<void>>();
    const reaudit = (portalId: number) => {
      const previous = audits.get(portalId) ?? Promise.resolve();
      const next = previous
        .then(() => runAudit(store, portalId, { asOf: Date.now(), now: Date.now() }))
        .then((report) =>
          log.info({ portalId, ms: report.durationMs }, 'audit after settings change'),
        )
        .catch((error: unknown) =>
          log.error({ err: error, portalId }, 'audit after settings change failed'),
        )
        // The marks this process's recomputes left while the audit ran.
        .then(async () => {
          await recompute();
        });
      audits.set(portalId, next);
    };
    const secrets = [config.hubspot.clientSecret, config.hubspot.previousClientSecret].filter(
      (x): x is string => x !== undefined,
    );
    const app = createApp({
      log,
      checkReady: async () => {
        if (state !== 'ready')
          throw new Error(state === 'starting' ? 'starting up' : 'shutting down');
        await store.ping();
      },
      metrics: {
        metrics,
        refresh: async () => {
          const counts = await store.inbox.counts();
          for (const status of ['pending', 'processing', 'done', 'dead', 'ignored', 'unhandled'])
            metrics.inboxDepth.set({ status }, counts[status] ?? 0);
        },
      },
      routes: [
        mountReportRoute({
          publicBaseUrl: config.publicBaseUrl,
          render: createReportAccess({
            store,
            clock: systemClock,
            secrets,
            defaultPortal: async () =>
              config.hubspot.portalId ?? (await store.portals.list())[0]?.portalId,
          }),
        }),
        mountCardRoutes({
          publicBaseUrl: config.publicBaseUrl,
          api: createCardApi({
            store,
            clock: systemClock,
            log,
            secrets,
            superAdmins: config.superAdmins,
            portals,
            onSettingsSaved: reaudit,
          }),
        }),
        mountWebhookRoute({
          metrics,
          publicBaseUrl: config.publicBaseUrl,
          // Not before the store is ready: a demo seed holds SQLite's one write transaction, and
          // HubSpot retries a 503, so nothing is lost by waiting.
          receive: async (request) =>
            state !== 'ready'
              ? {
                  status: 503,
                  body: { error: 'starting', message: 'Rapport is starting; HubSpot will retry' },
                }
              : receiveWebhook(
                  {
                    store,
                    metrics,
                    clock: systemClock,
                    secrets,
                    allowLegacySignatures: config.hubspot.allowLegacySignatures,
                    portalId: config.hubspot.portalId,
                  },
                  request,
                ),
        }),
      ],
    });
    http = await startServer(app, config.host, config.port);
    const server = http;

    let seeded = false;
    if (config.demo.enabled && (await store.portals.list()).length === 0) {
      const started = Date.now();
      const { manifest } = await seedDemo(
        store,
        { portalId: config.demo.portalId, seed: config.demo.seed },
        hooks.onSeedProgress,
      );
      seeded = true;
      log.info({ totals: manifest.totals, ms: Date.now() - started }, 'demo organization seeded');
      // Cards and findings need analytics from the first request on; later, the schedule re-runs it.
      const audit = await runAudit(store, config.demo.portalId, {
        asOf: Date.now(),
        now: Date.now(),
      });
      log.info(
        { findings: audit.findings.open, ms: audit.durationMs },
        'demo organization audited',
      );
    }
    // Marks left by a process that stopped before recomputing are picked up here first.
    await recomputer.drain();
    const gateway = config.hubspot.accessToken ? gatewayFromConfig(config) : undefined;
    // Events are applied off the request path; with several processes on PostgreSQL each claims its own rows.
    const worker = config.worker
      ? createInboxWorker({
          store,
          gateway,
          leaseMs: config.workerLeaseMs,
          log,
          metrics,
          clock: systemClock,
          onApplied: async () => {
            await recompute(5_000);
          },
        })
      : undefined;
    worker?.start();
    // The schedules run where the worker runs; with several processes each firing runs once.
    const [firstPortal] = await store.portals.list();
    const scheduler = config.worker
      ? startScheduler(
          {
            store,
            gateway,
            clock: systemClock,
            log,
            portalIds: async () => (await store.portals.list()).map((p) => p.portalId),
            recompute,
          },
          firstPortal ? (await store.settings.current(firstPortal.portalId))?.settings : undefined,
        )
      : undefined;
    state = 'ready';
    hooks.onReady?.(await summarize(store, server.url, seeded));
    return {
      url: server.url,
      store,
      worker,
      async stop() {
        state = 'draining';
        await server.close(config.shutdownTimeoutMs);
        await scheduler?.stop();
        await worker?.stop();
        await Promise.all(audits.values());
        await store.close();
      },
    };
  } catch (error) {
    await http?.close(0);
    await store.close();
    throw error;
  }
}

async function summarize(store: Store, url: string, seeded: boolean): Promise<string[]> {
  const lines = [`Rapport is running at ${url}`, `  store:   ${store.location}`];
  const portals = await store.portals.list();
  if (portals.length === 0)
    lines.push(
      '  portals: none yet — connect HubSpot (docs/hubspot.md) or run `rapport seed-demo`',
    );
  for (const portal of portals) {
    const stats = await store.portals.stats(portal.portalId);
    lines.push(
      `  portal:  ${portal.portalId} ${portal.name}${seeded && portal.source === 'demo' ? ' (seeded now)' : ''}`,
    );
    lines.push(`           ${describeStats(stats)}`);
  }
  if (portals.length > 0)
    lines.push(
      `  report:  ${url}/   (the network report; this machine only until HUBSPOT_CLIENT_SECRET is set)`,
    );
  lines.push(`  health:  ${url}/healthz   ready: ${url}/readyz`);
  return lines;
}

export function describeStats(s: PortalStats): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    `${n(s.owners)} networkers (${n(s.departedOwners)} departed)`,
    `${n(s.contacts)} contacts`,
    `${n(s.companies)} companies`,
    `${n(s.touches)} touches`,
    `${n(s.deals)} deals`,
    `${n(s.teams)} teams, ${n(s.roles)} roles, ${n(s.activities)} activities`,
  ].join(', ');
}
