import type { HubspotGateway } from '../hubspot/gateway.js';
import type { RemoteObject } from '../hubspot/remote-types.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { propertiesOf, writeForRecords } from './fetch-records.js';

/** HubSpot's cap on the results one search query can page through. */
export const SEARCH_RESULT_CAP = 10_000;

const TYPES = [
  { type: 'contacts', modified: 'lastmodifieddate', mirror: 'contact' },
  { type: 'companies', modified: 'hs_lastmodifieddate', mirror: 'company' },
  { type: 'deals', modified: 'hs_lastmodifieddate', mirror: 'deal' },
  { type: 'calls', modified: 'hs_lastmodifieddate', mirror: 'touch' },
  { type: 'emails', modified: 'hs_lastmodifieddate', mirror: 'touch' },
  { type: 'meetings', modified: 'hs_lastmodifieddate', mirror: 'touch' },
  { type: 'notes', modified: 'hs_lastmodifieddate', mirror: 'touch' },
] as const;

export interface ReconcileReport {
  checked: number;
  /** Records HubSpot changed that the mirror missed: a sign webhooks are being lost. */
  differences: number;
  byType: Record<string, { checked: number; differences: number }>;
  /** Search calls made (each counts against the 5-per-second search budget). */
  searches: number;
}

/**
 * Asks HubSpot for the records modified since each type's watermark and repairs the mirror where
 * it is missing a record or holds an older version. Time ranges holding more than the search cap
 * are halved until each fits, so nothing beyond the 10,000th result is lost. The watermark moves
 * to the end of the checked range, saved with the repairs of each slice.
 */
export async function reconcile(options: {
  store: Store;
  gateway: HubspotGateway;
  clock: Clock;
  portalId: number;
  /** First run: how far back to look (default one day). */
  initialLookbackMs?: number;
}): Promise<ReconcileReport> {
  const { store, gateway, clock, portalId } = options;
  const now = clock.now();
  const saved = new Map((await store.jobs.checkpoints(portalId)).map((c) => [c.objectType, c]));
  const report: ReconcileReport = { checked: 0, differences: 0, byType: {}, searches: 0 };

  for (const spec of TYPES) {
    const key = `reconcile:${spec.type}`;
    const watermark = Number(
      saved.get(key)?.after ?? now - (options.initialLookbackMs ?? 86_400_000),
    );
    const tally = { checked: 0, differences: 0 };
    const pending: { from: number; to: number }[] = [{ from: watermark, to: now }];
    while (pending.length > 0) {
      const range = pending.shift() as { from: number; to: number };
      let after: string | undefined;
      const found: RemoteObject[] = [];
      let first = true;
      do {
        const page = await gateway.searchModified(
          spec.type,
          spec.modified,
          range,
          propertiesOf(spec.type),
          after,
        );
        report.searches += 1;
        if (first && page.total > SEARCH_RESULT_CAP && range.to - range.from > 1) {
          // Too many for one query: search each half instead.
          const middle = Math.floor((range.from + range.to) / 2);
          pending.unshift({ from: range.from, to: middle }, { from: middle, to: range.to });
          after = undefined;
          found.length = 0;
          break;
        }
        first = false;
        found.push(...page.results);
        after = page.after;
      } while (after !== undefined);
      if (first) continue; // split: the halves are searched next

      const versions = await store.changes.versions(
        spec.mirror,
        portalId,
        found.map((r) => Number(r.id)),
      );
      const stale = found.filter((r) => {
        const held = versions.get(Number(r.id));
        return held === undefined || (spec.mirror !== 'touch' && held < Date.parse(r.updatedAt));
      });
      tally.checked += found.length;
      tally.differences += stale.length;
      const write = stale.length > 0 ? await writeForRecords(spec.type, stale, gateway) : undefined;
      await store.transaction(async (repos) => {
        await write?.(repos, portalId);
        await repos.jobs.saveCheckpoint(
          portalId,
          {
            objectType: key,
            after: String(range.to),
            done: true,
            records: tally.checked,
            calls: report.searches,
          },
          now,
        );
      });
    }
    report.byType[spec.type] = tally;
    report.checked += tally.checked;
    report.differences += tally.differences;
  }
  return report;
}
