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
  const entries = new Map<PortalId, { data: PortalData; loadedAt: number }>();
  return {
    async get(
      repos: Repositories,
      portalId: PortalId,
      asOf: number,
      options: { reload?: boolean } = {},
    ): Promise<PortalAnalysis> {
      const cached = entries.get(portalId);
      let data = cached?.data;
      if (!data || !cached || options.reload || performance.now() - cached.loadedAt > ttlMs) {
        data = await loadPortalData(repos, portalId);
        entries.set(portalId, { data, loadedAt: performance.now() });
      }
      return buildPortalAnalysis(data, asOf);
    },
    invalidate(portalId: PortalId): void {
      entries.delete(portalId);
    },
  };
}
export type PortalCache = ReturnType<typeof createPortalCache>;
