import type { Generated } from 'kysely';

/**
 * Row shapes of every table, as Kysely sees them. Conventions (the same on SQLite and PostgreSQL):
 * ids and epoch-ms times are BIGINT (read back as JS numbers), flags are 0/1 integers,
 * JSON is text. Every table starts with portal_id: rows of different portals never mix.
 */
export interface Tables {
  portals: {
    portal_id: number;
    name: string;
    source: string;
    created_at: number;
  };
  owners: {
    portal_id: number;
    owner_id: number;
    user_id: number | null;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    archived: number;
    archived_at: number | null;
    updated_at: number;
  };
  contacts: {
    portal_id: number;
    contact_id: number;
    email: string | null;
    email_normalized: string | null;
    first_name: string | null;
    last_name: string | null;
    phone: string | null;
    job_title: string | null;
    company_name: string | null;
    linkedin_url: string | null;
    lifecycle_stage: string | null;
    owner_id: number | null;
    primary_company_id: number | null;
    is_key_stakeholder: number;
    created_at: number;
    updated_at: number;
    archived: number;
    /** JSON map property name → occurredAt of the change the mirror holds (order-safe updates). */
    prop_versions: string;
  };
  companies: {
    portal_id: number;
    company_id: number;
    name: string | null;
    domain: string | null;
    industry: string | null;
    owner_id: number | null;
    created_at: number;
    updated_at: number;
    archived: number;
    prop_versions: string;
  };
  contact_companies: {
    portal_id: number;
    contact_id: number;
    company_id: number;
    is_primary: number;
  };
  deals: {
    portal_id: number;
    deal_id: number;
    name: string | null;
    amount: number | null;
    stage: string;
    closed: number;
    closed_won: number;
    created_at: number;
    close_date: number | null;
    owner_id: number | null;
    updated_at: number;
    archived: number;
    prop_versions: string;
  };
  deal_contacts: { portal_id: number; deal_id: number; contact_id: number };
  deal_companies: { portal_id: number; deal_id: number; company_id: number };
  touches: {
    portal_id: number;
    touch_id: number;
    type: string;
    occurred_at: number;
    logged_at: number;
    owner_id: number | null;
    /** JSON arrays of the associated contact and company ids: how a touch finds its link rows. */
    contact_ids: string;
    company_ids: string;
  };
  /** One row per (contact, touch), carrying what strength needs so a contact's touches are one index range. */
  touch_contacts: {
    portal_id: number;
    contact_id: number;
    touch_id: number;
    owner_id: number | null;
    type: string;
    occurred_at: number;
  };
  touch_companies: { portal_id: number; company_id: number; touch_id: number };
  networking_teams: {
    portal_id: number;
    team_id: number;
    name: string;
    purpose: string | null;
    goal_id: string | null;
    created_at: number;
    updated_at: number;
    archived: number;
  };
  team_targets: { portal_id: number; team_id: number; object_type: string; object_id: number };
  networking_roles: {
    portal_id: number;
    role_id: number;
    team_id: number | null;
    owner_id: number | null;
    kind: string;
    starts_at: number | null;
    ends_at: number | null;
    updated_at: number;
    archived: number;
  };
  role_targets: { portal_id: number; role_id: number; object_type: string; object_id: number };
  networking_activities: {
    portal_id: number;
    activity_id: number;
    name: string;
    kind: string;
    team_id: number | null;
    starts_at: number;
    ends_at: number | null;
    cost: number | null;
    updated_at: number;
    archived: number;
  };
  activity_attendees: {
    portal_id: number;
    activity_id: number;
    object_type: string;
    object_id: number;
  };
  settings_versions: {
    portal_id: number;
    version: number;
    document: string;
    changed_by: string;
    changed_at: number;
    note: string | null;
  };
  findings: {
    id: Generated<number>;
    portal_id: number;
    fingerprint: string;
    rule_id: string;
    object_type: string;
    object_id: number;
    severity: string;
    alert_owner_id: number | null;
    message: string;
    details: string;
    opened_at: number;
    last_seen_at: number;
    resolved_at: number | null;
    snoozed_until: Generated<number | null>;
  };
  metric_snapshots: {
    portal_id: number;
    period: string;
    scope_type: string;
    scope_id: number;
    metric: string;
    value: number;
    taken_at: number;
  };
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
  relationships: {
    portal_id: number;
    contact_id: number;
    owner_id: number;
    score: number;
    score_before: number;
    score_at_departure: number | null;
    grade: string;
    trend: string;
    touch_count: number;
    inbound_count: number;
    last_touch_at: number | null;
    capped: number;
    reason: string;
  };
  contact_insights: {
    portal_id: number;
    contact_id: number;
    key_stakeholder: number;
    threads: number;
    max_score: number;
    strongest_owner_id: number | null;
    strongest_active_owner_id: number | null;
    owner_score: number;
    single_threaded: number;
    cold: number;
    unthreaded: number;
    orphaned: number;
    owner_mismatch: number;
    last_touch_at: number | null;
    hygiene_score: number;
  };
  company_insights: {
    portal_id: number;
    company_id: number;
    contacts: number;
    threaded_contacts: number;
    max_score: number;
    strongest_owner_id: number | null;
    strong_ties: number;
    networkers: number;
    top_owner_id: number | null;
    top_share: number;
    hhi: number;
  };
  contact_keys: { portal_id: number; kind: string; key: string; contact_id: number };
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
  property_writes: {
    portal_id: number;
    object_type: string;
    object_id: number;
    fingerprint: string;
    written_at: number;
  };
  introductions: {
    portal_id: number;
    introduction_id: number;
    kind: string;
    by_owner_id: number;
    for_owner_id: number | null;
    contact_id: number;
    occurred_at: number;
  };
}

export type TableName = keyof Tables;
