import type { Config } from './config/load-config.js';
import { seedDemo } from './demo/seed-demo.js';
import type { DemoProgress } from './demo/generate-demo.js';
import { createApp } from './http/create-app.js';
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
    const app = createApp({
      log,
      checkReady: async () => {
        if (state !== 'ready')
          throw new Error(state === 'starting' ? 'starting up' : 'shutting down');
        await store.ping();
      },
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
    }
    state = 'ready';
    hooks.onReady?.(await summarize(store, server.url, seeded));
    return {
      url: server.url,
      store,
      async stop() {
        state = 'draining';
        await server.close(config.shutdownTimeoutMs);
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
