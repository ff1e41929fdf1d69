import { auditNetwork, auditTouch } from '../domain/hygiene/audit-rules.js';
import { CONTACT_RULES } from '../domain/hygiene/contact-rules.js';
import { NETWORK_RULES } from '../domain/hygiene/network-rules.js';
import { TOUCH_RULES } from '../domain/hygiene/touch-rules.js';
import type { TouchType } from '../domain/types.js';
import type { Store } from '../store/store.js';
import type { PortalAnalysis } from './load-context.js';

/** The rules whose findings a run reconciles, by what they are about: a contact, a touch, the network. */
export const CONTACT_RULE_IDS = CONTACT_RULES.map((r) => r.id);
export const TOUCH_RULE_IDS = TOUCH_RULES.map((r) => r.id);
export const NETWORK_RULE_IDS = NETWORK_RULES.map((r) => r.id);

/** Findings about touches (`unassociated`: those on no record) and the network (teams, roles, activities). */
export async function auditTouchesAndNetwork(
  store: Store,
  portal: PortalAnalysis,
  unassociated: readonly { touchId: number; type: TouchType; ownerId: number | null }[],
  now: number,
): Promise<{ opened: number; resolved: number }> {
  const { portalId, settings } = portal.ctx;
  const touchFindings = unassociated.flatMap((t) =>
    auditTouch({ ...t, contactCount: 0, companyCount: 0 }, settings),
  );
  // One transaction: the findings and the alerts they owe commit together.
  return store.transaction(async (repos) => {
    const a = await repos.findings.reconcile(
      portalId,
      { ruleIds: TOUCH_RULE_IDS, objectType: 'touch' },
      touchFindings,
      now,
    );
    const b = await repos.findings.reconcile(
      portalId,
      { ruleIds: NETWORK_RULE_IDS },
      auditNetwork(portal.network, settings),
      now,
    );
    return { opened: a.opened + b.opened, resolved: a.resolved + b.resolved };
  });
}
