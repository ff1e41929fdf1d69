import type { ResultTables } from './tables-results.js';
import type { WorkTables } from './tables-work.js';

/**
 * Row shapes of every table, as Kysely sees them. Conventions (the same on SQLite and PostgreSQL):
 * ids and epoch-ms times are BIGINT (read back as JS numbers), flags are 0/1 integers,
 * JSON is text. Every table starts with portal_id: rows of different portals never mix.
 */
export interface Tables extends ResultTables, WorkTables {
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
    /** The number's E.164 reading (null: invalid), when `phone_read` is set. */
    phone_e164: string | null;
    phone_read: number;
    /** The region the reading was made with; null when it needs none (a country code, or blank). */
    phone_region: string | null;
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
