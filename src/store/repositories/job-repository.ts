import { chunks, numOrNull, parseJson, type Db } from './db.js';

export interface JobRun {
  id: number;
  job: string;
  reason: 'scheduled' | 'invoked';
  startedAt: number;
  finishedAt: number | null;
  ok: boolean | null;
  summary: Record<string, unknown> | null;
}

/** Claims of scheduled firings, run history, and the values last written to HubSpot. */
export interface BackfillCheckpoint {
  objectType: string;
  after: string | null;
  done: boolean;
  records: number;
  calls: number;
}

export interface JobRepository {
  checkpoints(portalId: number): Promise<BackfillCheckpoint[]>;
  saveCheckpoint(portalId: number, checkpoint: BackfillCheckpoint, at: number): Promise<void>;
  /** Starts a backfill over: every object type from its first page. */
  resetCheckpoints(portalId: number): Promise<void>;
  /** True for the one process that claims this firing first; every other gets false. */
  claim(key: string, by: string, at: number): Promise<boolean>;
  /** Forgets claims older than `before` (they only need to outlive the firing). */
  pruneClaims(before: number): Promise<number>;
  start(job: string, reason: JobRun['reason'], at: number): Promise<number>;
  /** Forgets runs started before `before` (`rapport jobs` shows the latest of each job). */
  pruneRuns(before: number): Promise<number>;
  finish(id: number, at: number, ok: boolean, summary: Record<string, unknown>): Promise<void>;
  lastRuns(): Promise<JobRun[]>;
  /** The fingerprint of the values last written for each record (absent: never written). */
  writtenFingerprints(
    portalId: number,
    objectType: string,
    ids: readonly number[],
  ): Promise<Map<number, string>>;
  recordWrites(
    portalId: number,
    objectType: string,
    writes: readonly { objectId: number; fingerprint: string }[],
    at: number,
  ): Promise<void>;
}

export function createJobRepository(db: Db): JobRepository {
  return {
    async checkpoints(portalId) {
      const rows = await db
        .selectFrom('backfill_checkpoints')
        .selectAll()
        .where('portal_id', '=', portalId)
        .execute();
      return rows.map((r) => ({
        objectType: r.object_type,
        after: r.after_cursor,
        done: Number(r.done) === 1,
        records: Number(r.records),
        calls: Number(r.calls),
      }));
    },
    async saveCheckpoint(portalId, c, at) {
      await db
        .insertInto('backfill_checkpoints')
        .values({
          portal_id: portalId,
          object_type: c.objectType,
          after_cursor: c.after,
          done: c.done ? 1 : 0,
          records: c.records,
          calls: c.calls,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['portal_id', 'object_type']).doUpdateSet((eb) => ({
            after_cursor: eb.ref('excluded.after_cursor'),
            done: eb.ref('excluded.done'),
            records: eb.ref('excluded.records'),
            calls: eb.ref('excluded.calls'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async resetCheckpoints(portalId) {
      await db.deleteFrom('backfill_checkpoints').where('portal_id', '=', portalId).execute();
    },
    async claim(key, by, at) {
      const result = await db
        .insertInto('job_claims')
        .values({ claim_key: key, claimed_by: by, claimed_at: at })
        .onConflict((oc) => oc.column('claim_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async pruneClaims(before) {
      const result = await db
        .deleteFrom('job_claims')
        .where('claimed_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async pruneRuns(before) {
      const result = await db
        .deleteFrom('job_runs')
        .where('started_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async start(job, reason, at) {
      const row = await db
        .insertInto('job_runs')
        .values({ job, reason, started_at: at, finished_at: null, ok: null, summary: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async finish(id, at, ok, summary) {
      await db
        .updateTable('job_runs')
        .set({ finished_at: at, ok: ok ? 1 : 0, summary: JSON.stringify(summary) })
        .where('id', '=', id)
        .execute();
    },
    async lastRuns() {
      const latest = db
        .selectFrom('job_runs')
        .select((eb) => ['job', eb.fn.max('id').as('id')])
        .groupBy('job');
      const rows = await db
        .selectFrom('job_runs as r')
        .innerJoin(latest.as('l'), 'l.id', 'r.id')
        .selectAll('r')
        .orderBy('r.job')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        job: r.job,
        reason: r.reason as JobRun['reason'],
        startedAt: Number(r.started_at),
        finishedAt: numOrNull(r.finished_at),
        ok: r.ok === null ? null : Number(r.ok) === 1,
        summary: r.summary === null ? null : parseJson<Record<string, unknown>>(r.summary, {}),
      }));
    },
    async writtenFingerprints(portalId, objectType, ids) {
      const out = new Map<number, string>();
      for (const batch of chunks(ids, 1_000)) {
        const rows = await db
          .selectFrom('property_writes')
          .select(['object_id', 'fingerprint'])
          .where('portal_id', '=', portalId)
          .where('object_type', '=', objectType)
          .where('object_id', 'in', batch)
          .execute();
        for (const r of rows) out.set(Number(r.object_id), r.fingerprint);
      }
      return out;
    },
    async recordWrites(portalId, objectType, writes, at) {
      for (const batch of chunks(writes, 500))
        await db
          .insertInto('property_writes')
          .values(
            batch.map((w) => ({
              portal_id: portalId,
              object_type: objectType,
              object_id: w.objectId,
              fingerprint: w.fingerprint,
              written_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['portal_id', 'object_type', 'object_id']).doUpdateSet((eb) => ({
              fingerprint: eb.ref('excluded.fingerprint'),
              written_at: eb.ref('excluded.written_at'),
            })),
          )
          .execute();
    },
  };
}
