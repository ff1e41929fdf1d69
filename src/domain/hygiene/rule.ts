import type { ContactInsight } from '../contact-insight.js';
import type { DuplicateKeys, DuplicateKind } from '../contact-keys.js';
import type { Settings } from '../settings.js';
import type {
  Contact,
  EpochMs,
  Finding,
  NetworkingActivity,
  NetworkingRole,
  NetworkingTeam,
  ObjectType,
  Owner,
  Severity,
} from '../types.js';

/** hygiene: data quality (counts toward hygiene scores); risk: relationship risk; network: teams and roles. */
export type RuleCategory = 'hygiene' | 'risk' | 'network';

/** A change that is safe to make without a human: written back by the write-back job or a card. */
export type AutoFix =
  | {
      action: 'set_property';
      objectType: 'contact';
      objectId: number;
      property: string;
      value: string | number;
      description: string;
    }
  | { action: 'end_role'; objectType: 'role'; objectId: number; description: string };

export interface RuleMeta {
  id: string;
  title: string;
  category: RuleCategory;
  /** The object type the rule's findings are about. */
  objectType: ObjectType;
  severity: Severity;
  /** Settings (dotted paths) the rule reads, so the settings page can show them beside it. */
  settings: readonly string[];
  fixHint: string;
  /** True when some findings carry an automatic fix. */
  autoFix: boolean;
}

export interface RuleHit {
  message: string;
  details?: Record<string, unknown>;
  fix?: AutoFix | undefined;
}

/** Everything the contact rules look at for one contact; built by the audit from the mirror. */
export interface ContactFacts {
  contact: Contact;
  owner: Owner | undefined;
  companyCount: number;
  insight: ContactInsight;
  /** The contact's duplicate keys (computed once: phone parsing is the costliest check). */
  keys: DuplicateKeys;
  /** The lowest contact id sharing each duplicate key, when it is not this contact. */
  duplicateOf: Record<DuplicateKind, number | null>;
  /** Active Relationship Owner roles targeting this contact. */
  relationshipOwnerRoles: number;
  networkerName: (ownerId: number) => string;
  asOf: EpochMs;
}

export interface ContactRule extends RuleMeta {
  subject: 'contact';
  check(facts: ContactFacts, settings: Settings): RuleHit | null;
}

export interface NetworkFacts {
  teams: readonly (NetworkingTeam & { targetContacts: number[]; targetCompanies: number[] })[];
  roles: readonly (NetworkingRole & { targetContacts: number[]; targetCompanies: number[] })[];
  activities: readonly (NetworkingActivity & {
    contactAttendees: number;
    ownerAttendees: number;
  })[];
  owner: (ownerId: number) => Owner | undefined;
  asOf: EpochMs;
}

export interface NetworkHit extends RuleHit {
  objectType: ObjectType;
  objectId: number;
  /** Who should fix it; null routes to the Manager of the Network. */
  alertOwnerId: number | null;
}

export interface NetworkRule extends RuleMeta {
  subject: 'network';
  check(facts: NetworkFacts, settings: Settings): NetworkHit[];
}

export type Rule = ContactRule | NetworkRule;

export function ruleEnabled(rule: RuleMeta, settings: Settings): boolean {
  return settings.hygiene.rules[rule.id]?.enabled ?? true;
}

export function severityOf(rule: RuleMeta, settings: Settings): Severity {
  return settings.hygiene.rules[rule.id]?.severity ?? rule.severity;
}

export function toFinding(
  rule: RuleMeta,
  settings: Settings,
  target: { objectType: ObjectType; objectId: number; alertOwnerId: number | null },
  hit: RuleHit,
): Finding {
  return {
    ruleId: rule.id,
    objectType: target.objectType,
    objectId: target.objectId,
    severity: severityOf(rule, settings),
    alertOwnerId: target.alertOwnerId ?? settings.alerts.managerOwnerId,
    message: hit.message,
    details: { ...hit.details, fixHint: rule.fixHint, ...(hit.fix ? { fix: hit.fix } : {}) },
  };
}
