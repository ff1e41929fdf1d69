import { isWellFormedEmail, linkedinProblem } from '../contact-keys.js';
import type { REQUIRABLE_CONTACT_PROPERTIES } from '../settings.js';
import { DAY_MS } from '../time.js';
import type { Contact } from '../types.js';
import type { ContactFacts, ContactRule, RuleHit } from './rule.js';

type RequirableProperty = (typeof REQUIRABLE_CONTACT_PROPERTIES)[number];

/** How each requirable property is read from a mirrored contact. */
export const REQUIRABLE_PROPERTIES = {
  email: (c: Contact) => c.email,
  firstname: (c: Contact) => c.firstName,
  lastname: (c: Contact) => c.lastName,
  jobtitle: (c: Contact) => c.jobTitle,
  phone: (c: Contact) => c.phone,
  company: (c: Contact) => c.companyName ?? (c.primaryCompanyId === null ? null : 'linked'),
  hs_linkedin_url: (c: Contact) => c.linkedinUrl,
  lifecyclestage: (c: Contact) => c.lifecycleStage,
  hubspot_owner_id: (c: Contact) => (c.ownerId === null ? null : String(c.ownerId)),
} as const satisfies Record<RequirableProperty, (c: Contact) => string | null>;

const contactRule = (rule: Omit<ContactRule, 'subject' | 'objectType'>): ContactRule => ({
  ...rule,
  subject: 'contact',
  objectType: 'contact',
});

const assignStrongest = (f: ContactFacts, why: string): RuleHit['fix'] =>
  f.insight.strongestActiveOwnerId === null
    ? undefined
    : {
        action: 'set_property',
        objectType: 'contact',
        objectId: f.contact.contactId,
        property: 'hubspot_owner_id',
        value: f.insight.strongestActiveOwnerId,
        description: `${why} ${f.networkerName(f.insight.strongestActiveOwnerId)}, who knows them best`,
      };

const duplicateRule = (
  id: string,
  kind: keyof ContactFacts['duplicateOf'],
  label: string,
  severity: ContactRule['severity'],
): ContactRule =>
  contactRule({
    id,
    title: `Likely duplicate (same ${label})`,
    category: 'hygiene',
    severity,
    settings: kind === 'phone' ? ['hygiene.phoneRegion'] : [],
    fixHint: 'Merge the two contacts in HubSpot (Actions → Merge); keep the older record.',
    autoFix: false,
    check: (f) => {
      const original = f.duplicateOf[kind];
      return original === null
        ? null
        : {
            message: `Same ${label} as contact ${original}`,
            details: { duplicateOf: original, key: kind },
          };
    },
  });

/** Every rule about one contact record, in the order the audit reports them. */
export const CONTACT_RULES: readonly ContactRule[] = [
  contactRule({
    id: 'contact_ownerless',
    title: 'Contact without an owner',
    category: 'hygiene',
    severity: 'medium',
    settings: [],
    fixHint: 'Assign a contact owner; Rapport suggests the networker who knows them best.',
    autoFix: true,
    check: (f) =>
      f.contact.ownerId !== null
        ? null
        : { message: 'No contact owner', fix: assignStrongest(f, 'Assign to') },
  }),
  contactRule({
    id: 'contact_owner_deactivated',
    title: 'Contact owned by a deactivated user',
    category: 'hygiene',
    severity: 'high',
    settings: [],
    fixHint: 'Reassign to an active networker, ideally the one who knows them best.',
    autoFix: true,
    check: (f) =>
      f.contact.ownerId === null || !f.owner?.archived
        ? null
        : {
            message: `Owner ${f.networkerName(f.contact.ownerId)} is deactivated`,
            details: { ownerId: f.contact.ownerId },
            fix: assignStrongest(f, 'Reassign to'),
          },
  }),
  contactRule({
    id: 'contact_missing_required',
    title: 'Required properties missing',
    category: 'hygiene',
    severity: 'low',
    settings: ['hygiene.requiredContactProperties'],
    fixHint: 'Fill in the missing properties on the contact record.',
    autoFix: false,
    check: (f, s) => {
      const missing = s.hygiene.requiredContactProperties.filter(
        (p) => !REQUIRABLE_PROPERTIES[p](f.contact)?.trim(),
      );
      return missing.length === 0
        ? null
        : { message: `Missing ${missing.join(', ')}`, details: { missing } };
    },
  }),
  contactRule({
    id: 'contact_malformed_email',
    title: 'Malformed email address',
    category: 'hygiene',
    severity: 'medium',
    settings: [],
    fixHint: 'Correct the email address; emails to it bounce and it hides duplicates.',
    autoFix: false,
    check: (f) =>
      f.contact.email?.trim() && !isWellFormedEmail(f.contact.email)
        ? { message: `"${f.contact.email}" is not a valid email address` }
        : null,
  }),
  contactRule({
    id: 'contact_malformed_phone',
    title: 'Malformed phone number',
    category: 'hygiene',
    severity: 'low',
    settings: ['hygiene.phoneRegion'],
    fixHint: 'Enter the number with its country code, e.g. +1 212 555 0100.',
    autoFix: false,
    check: (f) =>
      f.contact.phone?.trim() && f.keys.phone === null
        ? { message: `"${f.contact.phone}" is not a valid phone number` }
        : null,
  }),
  contactRule({
    id: 'contact_malformed_linkedin',
    title: 'Malformed LinkedIn URL',
    category: 'hygiene',
    severity: 'low',
    settings: [],
    fixHint: 'Paste the full profile URL, e.g. https://www.linkedin.com/in/name.',
    autoFix: true,
    check: (f) => {
      const url = f.contact.linkedinUrl;
      const problem = url?.trim() ? linkedinProblem(url) : null;
      if (!url || !problem) return null;
      return {
        message: `LinkedIn URL "${url}" ${problem.problem}`,
        ...(problem.fixed
          ? {
              fix: {
                action: 'set_property' as const,
                objectType: 'contact' as const,
                objectId: f.contact.contactId,
                property: 'hs_linkedin_url',
                value: problem.fixed,
                description: `Set the LinkedIn URL to ${problem.fixed}`,
              },
            }
          : {}),
      };
    },
  }),
  duplicateRule('contact_duplicate_email', 'email', 'email address', 'high'),
  duplicateRule('contact_duplicate_name_company', 'nameCompany', 'name and company', 'medium'),
  duplicateRule('contact_duplicate_phone', 'phone', 'phone number', 'medium'),
  contactRule({
    id: 'contact_no_company',
    title: 'Contact not associated with a company',
    category: 'hygiene',
    severity: 'low',
    settings: [],
    fixHint: 'Associate the contact with their company so company-level coverage counts them.',
    autoFix: false,
    check: (f) => (f.companyCount > 0 ? null : { message: 'No associated company' }),
  }),
  contactRule({
    id: 'key_stakeholder_stale',
    title: 'Key stakeholder not touched recently',
    category: 'hygiene',
    severity: 'medium',
    settings: ['hygiene.staleKeyStakeholderDays'],
    fixHint: 'Plan a touch: a call, a meeting or an invitation to the next networking activity.',
    autoFix: false,
    check: (f, s) => {
      if (!f.insight.keyStakeholder) return null;
      const last = f.insight.lastTouchAt;
      const limit = s.hygiene.staleKeyStakeholderDays;
      if (last !== null && f.asOf - last <= limit * DAY_MS) return null;
      return {
        message:
          last === null
            ? 'Key stakeholder never touched'
            : `No touch for ${Math.floor((f.asOf - last) / DAY_MS)} days (limit ${limit})`,
        details: { lastTouchAt: last },
      };
    },
  }),
  contactRule({
    id: 'key_stakeholder_without_relationship_owner',
    title: 'Key stakeholder without a Relationship Owner',
    category: 'network',
    severity: 'medium',
    settings: [],
    fixHint: 'Give a networker the Relationship Owner role towards this stakeholder.',
    autoFix: false,
    check: (f) =>
      f.insight.keyStakeholder && f.relationshipOwnerRoles === 0
        ? { message: 'No Relationship Owner role targets this key stakeholder' }
        : null,
  }),
  contactRule({
    id: 'key_stakeholder_single_threaded',
    title: 'Single-threaded key stakeholder',
    category: 'risk',
    severity: 'high',
    settings: ['strength.threadThreshold'],
    fixHint: 'Introduce a second colleague: a joint meeting or a warm introduction.',
    autoFix: false,
    check: (f) =>
      f.insight.singleThreaded && f.insight.strongestActiveOwnerId !== null
        ? {
            message: `Only ${f.networkerName(f.insight.strongestActiveOwnerId)} holds a thread`,
            details: { ownerId: f.insight.strongestActiveOwnerId },
          }
        : null,
  }),
  contactRule({
    id: 'key_stakeholder_unthreaded',
    title: 'Key stakeholder nobody holds a thread to',
    category: 'risk',
    severity: 'medium',
    settings: ['strength.threadThreshold', 'strength.coldThreshold'],
    fixHint: 'Ask the networker who knows them best to deepen the relationship.',
    autoFix: false,
    check: (f) =>
      f.insight.unthreaded
        ? { message: `Strongest relationship is ${f.insight.maxScore}, below a thread` }
        : null,
  }),
  contactRule({
    id: 'key_stakeholder_cold',
    title: 'Cold key stakeholder',
    category: 'risk',
    severity: 'high',
    settings: ['strength.coldThreshold'],
    fixHint: 'Re-engage: no active networker has a relationship worth the name.',
    autoFix: false,
    check: (f) =>
      f.insight.cold ? { message: `Strongest active relationship is ${f.insight.maxScore}` } : null,
  }),
  contactRule({
    id: 'relationship_orphaned',
    title: 'Orphaned relationship',
    category: 'risk',
    severity: 'high',
    settings: [],
    fixHint: 'Hand the relationship over: see the departed networker’s handover list.',
    autoFix: false,
    check: (f) =>
      f.insight.orphaned && f.insight.strongestOwnerId !== null
        ? {
            message: `Strongest relationship is with ${f.networkerName(f.insight.strongestOwnerId)}, who is deactivated`,
            details: { departedOwnerId: f.insight.strongestOwnerId },
          }
        : null,
  }),
  contactRule({
    id: 'owner_strongest_mismatch',
    title: 'Owner is not who knows them',
    category: 'risk',
    severity: 'low',
    settings: ['strength.grades.strong', 'strength.threadThreshold'],
    fixHint: 'Consider making the strongest networker the owner, or have the owner meet them.',
    autoFix: true,
    check: (f) =>
      f.insight.ownerMismatch && f.insight.strongestActiveOwnerId !== null
        ? {
            message: `${f.networkerName(f.insight.strongestActiveOwnerId)} knows them far better (${f.insight.maxScore}) than the owner (${f.insight.ownerScore})`,
            fix: assignStrongest(f, 'Reassign to'),
          }
        : null,
  }),
];

/** Who is alerted about a contact finding: the active owner, else who knows them best, else the manager. */
export function contactAlertOwner(f: ContactFacts): number | null {
  if (f.contact.ownerId !== null && f.owner && !f.owner.archived) return f.contact.ownerId;
  return f.insight.strongestActiveOwnerId;
}
