import type { Owner } from '../domain/types.js';
import type { HubspotGateway } from '../hubspot/gateway.js';
import type { Clock } from '../shared/clock.js';
import type { BackfillCheckpoint } from '../store/repositories/job-repository.js';
import type { Store } from '../store/store.js';
import type { RemoteObject } from '../hubspot/remote-types.js';
import type { FetchType } from './handlers/handler-table.js';
import { propertiesOf, writeForRecords, type FetchedWrite } from './fetch-records.js';

type ObjectStep = Exclude<FetchType, 'users'>;
/** Owners first (everything else refers to them), companies before contacts, engagements last. */
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

const OBJECT_TYPE: Record<ObjectStep, string> = {
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

export interface BackfillProgress {
  step: BackfillStep;
  records: number;
  calls: number;
  done: boolean;
}

export interface BackfillReport {
  steps: BackfillCheckpoint[];
  calls: number;
  /** The fewest calls these record counts need: a list page per 100, association reads per 1,000. */
  minimumCalls: number;
  seconds: number;
}

/** Association reads a page of each step needs (each covers up to 1,000 ids). */
const ASSOCIATIONS: Record<BackfillStep, number> = {
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

/**
 * Fills the mirror from HubSpot: every object type in pages of 100 with their properties (list
 * endpoints, the cheapest path), associations in batch reads of 1,000. Each thousand records are
 * written in one transaction together with the checkpoint that points past them, so a crash or
 * Ctrl-C resumes there and never writes a record twice. Memory holds a thousand records at a time.
 */
export async function backfill(options: {
  store: Store;
  gateway: HubspotGateway;
  clock: Clock;
  portalId: number;
  portalName?: string;
  restart?: boolean;
  /** Counts the calls the gateway makes (wired to its onCall hook). */
  calls: () => number;
  onProgress?: (p: BackfillProgress) => void;
  /** Stops cleanly after the current page (Ctrl-C): the checkpoint is already saved. */
  shouldStop?: () => boolean;
}): Promise<BackfillReport & { stopped: boolean }> {
  const { store, gateway, clock, portalId } = options;
  const started = performance.now();
  if (options.restart) await store.jobs.resetCheckpoints(portalId);
  if (!(await store.portals.get(portalId)))
    await store.portals.upsert({
      portalId,
      name: options.portalName ?? `HubSpot portal ${portalId}`,
      source: 'hubspot',
      createdAt: clock.now(),
    });
  const saved = new Map((await store.jobs.checkpoints(portalId)).map((c) => [c.objectType, c]));
  let stopped = false;

  for (const step of BACKFILL_ORDER) {
    let checkpoint: BackfillCheckpoint = saved.get(step) ?? {
      objectType: step,
      after: null,
      done: false,
      records: 0,
      calls: 0,
    };
    while (!checkpoint.done) {
      if (options.shouldStop?.()) {
        stopped = true;
        break;
      }
      const before = options.calls();
      const { count, after, write } = await readPage(gateway, step, checkpoint.after ?? undefined);
      const next: BackfillCheckpoint = {
        objectType: step,
        after: after ?? null,
        done: after === undefined,
        records: checkpoint.records + count,
        calls: checkpoint.calls + (options.calls() - before),
      };
      await store.transaction(async (repos) => {
        await write(repos, portalId);
        await repos.jobs.saveCheckpoint(portalId, next, clock.now());
        // A backfill ends with a full audit, which recomputes everything: the marks would only
        // fill the table with millions of rows the audit then clears.
        await repos.dirty.clear(portalId);
      });
      checkpoint = next;
      options.onProgress?.({ step, records: next.records, calls: next.calls, done: next.done });
    }
    saved.set(step, checkpoint);
    if (stopped) break;
  }

  const steps = BACKFILL_ORDER.map((s) => saved.get(s)).filter((c): c is BackfillCheckpoint => !!c);
  return {
    steps,
    calls: steps.reduce((n, c) => n + c.calls, 0),
    minimumCalls: steps.reduce(
      (n, c) =>
        n +
        Math.max(1, Math.ceil(c.records / 100)) +
        ASSOCIATIONS[c.objectType as BackfillStep] * Math.ceil(c.records / 1_000),
      0,
    ),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    stopped,
  };
}

async function readPage(
  gateway: HubspotGateway,
  step: BackfillStep,
  after: string | undefined,
): Promise<{ count: number; after: string | undefined; write: FetchedWrite }> {
  if (step === 'owners' || step === 'owners_archived') {
    const page = await gateway.listOwners(step === 'owners_archived', after);
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
      count: owners.length,
      after: page.after,
      write: (repos, portalId) => repos.owners.upsertMany(portalId, owners),
    };
  }
  // Ten list pages, then one association read per kind for all thousand records (association
  // batch reads take 1,000 ids): the fewest calls. The checkpoint moves a thousand at a time.
  const records: RemoteObject[] = [];
  let cursor = after;
  do {
    const page = await gateway.listObjects(OBJECT_TYPE[step], propertiesOf(step), cursor);
    records.push(...page.results);
    cursor = page.after;
  } while (cursor !== undefined && records.length < RECORDS_PER_WRITE);
  return {
    count: records.length,
    after: cursor,
    write: await writeForRecords(step, records, gateway),
  };
}

const RECORDS_PER_WRITE = 1_000;
