import type { Owner } from '../domain/types.js';
import type { HubspotGateway } from '../hubspot/gateway.js';
import type { RemoteObject } from '../hubspot/remote-types.js';
import { ASSOCIATION_BATCH, LIST_PAGE, SEARCH_PAGE } from './backfill-plan.js';
import type { FetchType } from './handlers/handler-table.js';
import { propertiesOf } from './fetch-records.js';
import type { FetchedWrite } from './record-mapping.js';

export type ObjectStep = Exclude<FetchType, 'users'>;

/** Owners first (everything else refers to them); the object types then run side by side. */
/** The CRM types: their counts are probed, and each may be read by search partitions or export. */
export const CRM_STEPS = [
  'companies',
  'contacts',
  'deals',
  'calls',
  'emails',
  'meetings',
  'notes',
] as const;
/** Owners first (everything else refers to them); the object types then run side by side. */
export const BACKFILL_ORDER = [
  'owners',
  'owners_archived',
  ...CRM_STEPS,
  'networking_team',
  'networking_role',
  'networking_activity',
] as const;
export type BackfillStep = (typeof BACKFILL_ORDER)[number];

export const OBJECT_TYPE: Record<ObjectStep, string> = {
  contacts: 'contacts',
  companies: 'companies',
  deals: 'deals',
  calls: 'calls',
  emails: 'emails',
  meetings: 'meetings',
  notes: 'notes',
  networking_team: 'p_networking_team',
  networking_role: 'p_networking_role',
  networking_activity: 'p_networking_activity',
};

/** Association reads each thousand records of a step need (one per kind of link). */
export const ASSOCIATIONS: Record<ObjectStep | 'owners' | 'owners_archived', number> = {
  owners: 0,
  owners_archived: 0,
  companies: 0,
  contacts: 1,
  deals: 2,
  calls: 2,
  emails: 2,
  meetings: 2,
  notes: 2,
  networking_team: 2,
  networking_role: 3,
  networking_activity: 3,
};

/** Records read in one go (a thousand: one association read per kind), and where to go on. */
export interface Batch {
  records: RemoteObject[];
  count: number;
  /** Where the next batch starts; null when this was the last. */
  after: string | null;
  /** This was the last batch, though `after` still holds state a resume needs (converging reads). */
  done?: boolean;
  calls: number;
  /** Owners carry their own write (they have no associations to read). */
  write?: FetchedWrite;
}

/** HTTP calls one gateway method makes: batch reads split into requests of their batch size. */
function requestsOf(method: string | symbol, args: unknown[]): number {
  const ids = (index: number) => (Array.isArray(args[index]) ? args[index].length : 0);
  if (method === 'batchReadAssociations') return Math.ceil(ids(2) / ASSOCIATION_BATCH);
  if (method === 'batchReadObjects') return Math.ceil(ids(1) / LIST_PAGE);
  return 1;
}

/** Runs `work` with a gateway that counts the HubSpot requests made through it. */
export async function countCalls<T>(
  gateway: HubspotGateway,
  work: (counted: HubspotGateway) => Promise<T>,
): Promise<{ write: T; calls: number }> {
  let calls = 0;
  const counted = new Proxy(gateway, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls += requestsOf(name, args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const write = await work(counted);
  return { write, calls };
}

export async function readOwnerPage(
  gateway: HubspotGateway,
  step: 'owners' | 'owners_archived',
  after: string | null,
): Promise<Batch> {
  const page = await gateway.listOwners(step === 'owners_archived', after ?? undefined);
  const owners: Owner[] = page.results.map((o) => {
    const updatedAt = Date.parse(o.updatedAt);
    return {
      ownerId: Number(o.id),
      userId: o.userId ?? null,
      email: o.email ?? null,
      firstName: o.firstName ?? null,
      lastName: o.lastName ?? null,
      archived: o.archived,
      archivedAt: o.archived ? updatedAt : null,
      updatedAt,
    };
  });
  return {
    records: [],
    count: owners.length,
    after: page.after ?? null,
    calls: 1,
    write: (repos, portalId) => repos.owners.upsertMany(portalId, owners),
  };
}

/** Ten list pages of 100 on the type's cursor. */
export async function readListBatch(
  gateway: HubspotGateway,
  step: ObjectStep,
  after: string | null,
): Promise<Batch> {
  const records: RemoteObject[] = [];
  let cursor = after ?? undefined;
  let calls = 0;
  do {
    const page = await gateway.listObjects(OBJECT_TYPE[step], propertiesOf(step), cursor);
    calls += 1;
    records.push(...page.results);
    cursor = page.after;
  } while (cursor !== undefined && records.length + LIST_PAGE <= ASSOCIATION_BATCH);
  return { records, count: records.length, after: cursor ?? null, calls };
}

/**
 * Five search pages of 200 in one id-range partition, paged by id (`hs_object_id` > the last one
 * read), so no query goes deeper than its first page and the 10,000-result cap never applies.
 */
export async function readSearchBatch(
  gateway: HubspotGateway,
  step: ObjectStep,
  range: { afterId: number; toId: number },
): Promise<Batch> {
  const records: RemoteObject[] = [];
  let afterId = range.afterId;
  let calls = 0;
  for (;;) {
    const page = await gateway.searchIdRange(
      OBJECT_TYPE[step],
      propertiesOf(step),
      { afterId, toId: range.toId },
      { limit: SEARCH_PAGE },
    );
    calls += 1;
    records.push(...page.results);
    const last = page.results.at(-1);
    // `total` counts what is left in the range: when this page held all of it, the range is done.
    if (!last || page.results.length >= page.total)
      return { records, count: records.length, after: null, calls };
    afterId = Number(last.id);
    if (records.length + SEARCH_PAGE > ASSOCIATION_BATCH)
      return { records, count: records.length, after: String(afterId), calls };
  }
}

/** Runs one export job at a time (HubSpot's rule for a portal), in the order asked. */
export function createExportSlot() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Reads a type from one export file, a thousand rows per batch. The checkpoint holds the export
 * task and the rows already written, so a resumed backfill asks HubSpot for the same file again
 * (a fresh download link) and skips what it has; if the file is gone, a new export starts over.
 */
export function exportReader(
  gateway: HubspotGateway,
  step: ObjectStep,
  resume: string | null,
  options: {
    slot: ReturnType<typeof createExportSlot>;
    pollMs: number;
    sleep: (ms: number) => Promise<void>;
  },
): (after: string | null) => Promise<Batch> {
  let rows: AsyncIterator<RemoteObject> | undefined;
  let state = resume ? (JSON.parse(resume) as { taskId: string; row: number }) : undefined;

  /** Waits for the file, starting an export if there is none to go on with; counts its calls. */
  async function fileUrl(): Promise<{ url: string; calls: number }> {
    let calls = 0;
    const poll = async (taskId: string) => {
      for (;;) {
        const status = await gateway.exportStatus(taskId);
        calls += 1;
        if (status.state === 'complete') return status.url;
        if (status.state === 'failed') return undefined;
        await options.sleep(options.pollMs);
      }
    };
    if (state) {
      const url = await poll(state.taskId).catch(() => undefined);
      if (url) return { url, calls };
    }
    // One export at a time: the next type's job starts once this file is ready.
    const url = await options.slot(async () => {
      const taskId = await gateway.startExport(OBJECT_TYPE[step], propertiesOf(step));
      calls += 1;
      state = { taskId, row: 0 };
      return poll(taskId);
    });
    if (!url) throw new Error(`HubSpot could not export ${step}; run the backfill again`);
    return { url, calls };
  }

  return async () => {
    let calls = 0;
    if (!rows) {
      const file = await fileUrl();
      calls = file.calls;
      rows = gateway.exportRows(file.url)[Symbol.asyncIterator]();
      for (let skip = state?.row ?? 0; skip > 0; skip -= 1) await rows.next();
    }
    const records: RemoteObject[] = [];
    let ended = false;
    while (records.length < ASSOCIATION_BATCH) {
      const next = await rows.next();
      if (next.done) {
        ended = true;
        break;
      }
      records.push(next.value);
    }
    const current = state ?? { taskId: '', row: 0 };
    state = { taskId: current.taskId, row: current.row + records.length };
    return {
      records,
      count: records.length,
      after: ended ? null : JSON.stringify(state),
      calls,
    };
  };
}
