import type { Generated } from 'kysely';

/** Work in progress: the webhook inbox, dead letters, the outbox, dirty marks, backfill checkpoints, job claims and runs. */
export interface WorkTables {
  webhook_inbox: {
    id: Generated<number>;
    portal_id: number;
    dedupe_key: string;
    subscription_type: string;
    object_id: number | null;
    occurred_at: number;
    received_at: number;
    payload: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    locked_until: number | null;
    last_error: string | null;
    processed_at: number | null;
  };
  dead_letters: {
    id: Generated<number>;
    portal_id: number;
    dedupe_key: string;
    subscription_type: string;
    object_id: number | null;
    occurred_at: number;
    payload: string;
    attempts: number;
    reason: string;
    failed_at: number;
    replayed_at: number | null;
  };
  outbox: {
    id: Generated<number>;
    portal_id: number;
    kind: string;
    dedupe_key: string;
    payload: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    created_at: number;
    sent_at: number | null;
    remote_id: string | null;
    last_error: string | null;
  };
  dirty_records: { portal_id: number; object_type: string; object_id: number; marked_at: number };
  backfill_checkpoints: {
    portal_id: number;
    object_type: string;
    after_cursor: string | null;
    done: number;
    records: number;
    calls: number;
    updated_at: number;
  };
  job_claims: { claim_key: string; claimed_by: string; claimed_at: number };
  job_runs: {
    id: Generated<number>;
    job: string;
    reason: string;
    started_at: number;
    finished_at: number | null;
    ok: number | null;
    summary: string | null;
  };
}
