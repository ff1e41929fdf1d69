import type { Settings } from '../settings.js';
import type { Finding } from '../types.js';
import { CONTACT_RULES, contactAlertOwner } from './contact-rules.js';
import { NETWORK_RULES } from './network-rules.js';
import {
  ruleEnabled,
  toFinding,
  type ContactFacts,
  type NetworkFacts,
  type RuleMeta,
} from './rule.js';
import { TOUCH_RULES, type TouchFacts } from './touch-rules.js';

/** Every rule, as data: what the settings page lists and the audit summary reports. */
export const ALL_RULES: readonly RuleMeta[] = [...CONTACT_RULES, ...TOUCH_RULES, ...NETWORK_RULES];

export function auditContact(facts: ContactFacts, settings: Settings): Finding[] {
  const target = {
    objectType: 'contact' as const,
    objectId: facts.contact.contactId,
    alertOwnerId: contactAlertOwner(facts),
  };
  const findings: Finding[] = [];
  for (const rule of CONTACT_RULES) {
    if (!ruleEnabled(rule, settings)) continue;
    const hit = rule.check(facts, settings);
    if (hit) findings.push(toFinding(rule, settings, target, hit));
  }
  return findings;
}

export function auditTouch(t: TouchFacts, settings: Settings): Finding[] {
  const target = { objectType: 'touch' as const, objectId: t.touchId, alertOwnerId: t.ownerId };
  return TOUCH_RULES.filter((r) => ruleEnabled(r, settings)).flatMap((rule) => {
    const hit = rule.check(t);
    return hit ? [toFinding(rule, settings, target, hit)] : [];
  });
}

export function auditNetwork(facts: NetworkFacts, settings: Settings): Finding[] {
  return NETWORK_RULES.filter((r) => ruleEnabled(r, settings)).flatMap((rule) =>
    rule.check(facts, settings).map((hit) => toFinding(rule, settings, hit, hit)),
  );
}
