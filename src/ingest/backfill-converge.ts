import type { HubspotGateway } from '../hubspot/gateway.js';
import type { RemoteObject } from '../hubspot/remote-types.js';
import { ASSOCIATION_BATCH, LIST_PAGE, SEARCH_PAGE } from './backfill-plan.js';
import { OBJECT_TYPE, type Batch, type ObjectStep } from './backfill-reads.js';
import { propertiesOf } from './fetch-records.js';

/**
 * The two ends of a converging type: its list cursor climbs from the lowest id while a search
 * descends from the highest, and each drops what the other has already read, so the two meet
 * without reading a record twice. HubSpot documents the list cursor only as opaque; meeting
 * relies on list pages coming in ascending id order, which every page is checked for: a page out
 * of order stops the search and lets the list run to the end (records the search read are then
 * read again, and rewritten to the same values). Resumes from the two checkpoints: the list's
 * holds its cursor and the highest id it read, the search's the lowest.
 */
export function convergingReaders(
  gateway: HubspotGateway,
  step: ObjectStep,
  saved: { list: string | null; search: string | null },
) {
  let listHigh = saved.list ? (JSON.parse(saved.list) as { high: number }).high : 0;
  let searchLow = saved.search === null ? Number.MAX_SAFE_INTEGER : Number(saved.search);
  let unordered = false;

  async function list(after: string | null): Promise<Batch> {
    let cursor = after === null ? undefined : (JSON.parse(after) as { cursor?: string }).cursor;
    const records: RemoteObject[] = [];
    let calls = 0;
    let met = false;
    do {
      // Met already, by the search's last page: no call for a page it has read.
      if (!unordered && listHigh >= searchLow - 1) {
        met = true;
        break;
      }
      const page = await gateway.listObjects(OBJECT_TYPE[step], propertiesOf(step), cursor);
      calls += 1;
      cursor = page.after;
      for (const record of page.results) {
        const id = Number(record.id);
        if (!unordered && id <= listHigh) unordered = true;
        if (!unordered && id >= searchLow) met = true;
        if (met) break;
        listHigh = Math.max(listHigh, id);
        records.push(record);
      }
    } while (!met && cursor !== undefined && records.length + LIST_PAGE <= ASSOCIATION_BATCH);
    // Kept when done too: a resumed search must know where the list stopped.
    return {
      records,
      count: records.length,
      after: JSON.stringify({ cursor, high: listHigh }),
      done: met || cursor === undefined,
      calls,
    };
  }

  async function search(): Promise<Batch> {
    const records: RemoteObject[] = [];
    let calls = 0;
    // Nothing left between the two ends: no call for an empty range.
    while (!unordered && listHigh < searchLow - 1) {
      const page = await gateway.searchIdRange(
        OBJECT_TYPE[step],
        propertiesOf(step),
        { afterId: listHigh, toId: searchLow - 1 },
        { limit: SEARCH_PAGE, descending: true },
      );
      calls += 1;
      // The list may have climbed while this page was on its way.
      const fresh = page.results.filter((r) => Number(r.id) > listHigh);
      records.push(...fresh);
      const lowest = fresh.at(-1);
      if (lowest) searchLow = Number(lowest.id);
      if (fresh.length < page.results.length || page.results.length >= page.total) break;
      if (records.length + SEARCH_PAGE > ASSOCIATION_BATCH)
        return { records, count: records.length, after: String(searchLow), calls };
    }
    // Kept when done too: a resumed list must know where the search stopped.
    return { records, count: records.length, after: String(searchLow), done: true, calls };
  }

  return { list, search };
}
