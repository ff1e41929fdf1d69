import type { PortalId } from '../domain/types.js';
import type { Repositories } from '../store/store.js';
import {
  buildPortalAnalysis,
  loadPortalData,
  type PortalAnalysis,
  type PortalData,
} from './load-context.js';

/**
 * A portal's settings, networkers and network, kept in memory between uses (the recompute and the
 * card API read them on every call). Reloaded on demand (a batch that changed the network) and at
 * least every `ttlMs`, since settings saved elsewhere carry no change mark.
 */
export function createPortalCache(ttlMs = 30_000) {
  const entries = new Map<
    PortalId,
    { data: PortalData; loadedAt: number; built?: PortalAnalysis }
  >();
  // Built analyses are reused for a second: a busy card API builds one per portal per second,
  // not one per request; roles expiring within that second are the only difference.
  const BUILD_REUSE_MS = 1_000;
  return {
    async get(
      repos: Repositories,
      portalId: PortalId,
      asOf: number,
      options: { reload?: boolean } = {},
    ): Promise<PortalAnalysis> {
      let entry = entries.get(portalId);
      if (!entry || options.reload || performance.now() - entry.loadedAt > ttlMs) {
        entry = { data: await loadPortalData(repos, portalId), loadedAt: performance.now() };
        entries.set(portalId, entry);
      }
      const built = entry.built;
      if (built && asOf >= built.ctx.asOf && asOf - built.ctx.asOf < BUILD_REUSE_MS) return built;
      entry.built = buildPortalAnalysis(entry.data, asOf);
      return entry.built;
    },
    invalidate(portalId: PortalId): void {
      entries.delete(portalId);
    },
  };
}
export type PortalCache = ReturnType<typeof createPortalCache>;
