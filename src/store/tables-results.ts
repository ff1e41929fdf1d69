import type { Generated } from 'kysely';

/** What Rapport computes and keeps: findings, KPI snapshots, relationships, insights, duplicate keys, written values. */
export interface ResultTables {
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
    /** When message, severity, details or alert owner last changed (opened_at at first). */
    changed_at: number;
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
    /** Comma-separated owner ids, ascending ('' for none). */
    strong_owner_ids: string;
  };
  company_insights: {
    portal_id: number;
    company_id: number;
    contacts: number;
    threaded_contacts: number;
    max_score: number;
    strongest_owner_id: number | null;
    strongest_contact_id: number | null;
    /** "ownerId:ties,…" in owner id order; null in rows written before migration 0012. */
    owner_ties: string | null;
    strong_ties: number;
    networkers: number;
    top_owner_id: number | null;
    top_share: number;
    hhi: number;
  };
  contact_keys: { portal_id: number; kind: string; key: string; contact_id: number };
  property_writes: {
    portal_id: number;
    object_type: string;
    object_id: number;
    fingerprint: string;
    written_at: number;
  };
}
