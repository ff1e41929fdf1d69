/**
 * The mirror's vocabulary. Ids are HubSpot's numeric record ids (all below 2^53);
 * times are epoch milliseconds (UTC), as HubSpot sends them in webhooks.
 */
export type PortalId = number;
export type EpochMs = number;

export type PortalSource = 'demo' | 'hubspot' | 'import';

export interface Portal {
  portalId: PortalId;
  name: string;
  source: PortalSource;
  createdAt: EpochMs;
}

export interface Owner {
  ownerId: number;
  userId: number | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** An archived owner is a deactivated HubSpot user: a departed networker. */
  archived: boolean;
  archivedAt: EpochMs | null;
  updatedAt: EpochMs;
}

export interface Contact {
  contactId: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /**
   * The phone number read once by the mirror when it stored it: its E.164 form, or null when it is
   * not a valid number. Absent (or undefined) when it has not been read.
   */
  phoneE164?: string | null | undefined;
  /**
   * The region `phoneE164` was read with (the portal's `hygiene.phoneRegion` then); null when the
   * reading needs none (a number with its country code, or none). A reading of another region than
   * the portal's current one is not used.
   */
  phoneRegion?: string | null | undefined;
  jobTitle: string | null;
  companyName: string | null;
  linkedinUrl: string | null;
  lifecycleStage: string | null;
  ownerId: number | null;
  primaryCompanyId: number | null;
  isKeyStakeholder: boolean;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface Company {
  companyId: number;
  name: string | null;
  domain: string | null;
  industry: string | null;
  ownerId: number | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface Deal {
  dealId: number;
  name: string | null;
  amount: number | null;
  stage: string;
  /** true for a closed-won stage; the RoR counts only these. */
  closedWon: boolean;
  closed: boolean;
  createdAt: EpochMs;
  closeDate: EpochMs | null;
  ownerId: number | null;
  updatedAt: EpochMs;
}

export const TOUCH_TYPES = ['meeting', 'call', 'email_in', 'email_out', 'note', 'event'] as const;
export type TouchType = (typeof TOUCH_TYPES)[number];

/** One engagement (call, email, meeting, note) or shared event, as a relationship signal. */
export interface Touch {
  touchId: number;
  type: TouchType;
  occurredAt: EpochMs;
  /** When it was logged in HubSpot; the gap to occurredAt feeds the CRM-usage score. */
  loggedAt: EpochMs;
  ownerId: number | null;
}

export const ROLE_KINDS = [
  'manager_of_network',
  'team_lead',
  'relationship_owner',
  'networker',
  'executive_sponsor',
] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export interface NetworkingTeam {
  teamId: number;
  name: string;
  purpose: string | null;
  goalId: string | null;
  createdAt: EpochMs;
}

export interface NetworkingRole {
  roleId: number;
  teamId: number | null;
  ownerId: number | null;
  kind: RoleKind;
  startsAt: EpochMs | null;
  endsAt: EpochMs | null;
}

export const ACTIVITY_KINDS = [
  'event',
  'newsletter',
  'meeting_series',
  'membership',
  'external',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface NetworkingActivity {
  activityId: number;
  name: string;
  kind: ActivityKind;
  teamId: number | null;
  startsAt: EpochMs;
  endsAt: EpochMs | null;
  cost: number | null;
}

export type ObjectType =
  'contact' | 'company' | 'deal' | 'owner' | 'team' | 'role' | 'activity' | 'touch';

export type Severity = 'low' | 'medium' | 'high';

export interface Finding {
  ruleId: string;
  objectType: ObjectType;
  objectId: number;
  severity: Severity;
  /** The owner who should fix it (null: route to the Manager of the Network). */
  alertOwnerId: number | null;
  message: string;
  details: Record<string, unknown>;
}
