import { contactInsight, type ContactInsight, type Relationship } from './contact-insight.js';
import { duplicateKeys, type DuplicateKeys, type DuplicateKind } from './contact-keys.js';
import { auditContact } from './hygiene/audit-rules.js';
import { recordHygieneScore } from './hygiene/hygiene-score.js';
import type { Settings } from './settings.js';
import { pairStrength, strengthAt } from './strength.js';
import type { Contact, EpochMs, Finding, Owner, TouchType } from './types.js';

/** What every contact's analysis shares: the portal's settings, networkers and network, at one instant. */
export interface AnalysisContext {
  portalId: number;
  asOf: EpochMs;
  settings: Settings;
  owners: ReadonlyMap<number, Owner>;
  /** Contacts a Networking Team targets: key stakeholders, like those flagged on the record. */
  teamTargets: ReadonlySet<number>;
  /** Open Relationship Owner roles held by active networkers, per target contact. */
  relationshipOwnerRoles: ReadonlyMap<number, number>;
}

export interface ContactTouchRow {
  touchId: number;
  ownerId: number | null;
  type: TouchType;
  occurredAt: EpochMs;
}

export interface ContactAnalysis {
  relationships: (Relationship & { contactId: number })[];
  insight: ContactInsight & { hygieneScore: number };
  findings: Finding[];
}

export const isKeyStakeholder = (ctx: AnalysisContext, contact: Contact): boolean =>
  contact.isKeyStakeholder || ctx.teamTargets.has(contact.contactId);

export const networkerName = (ctx: AnalysisContext, ownerId: number): string => {
  const o = ctx.owners.get(ownerId);
  const name = [o?.firstName, o?.lastName].filter(Boolean).join(' ');
  return name || o?.email || `owner ${ownerId}`;
};

/** How a contact is named in cards, reports and tasks. */
export const contactName = (c: {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  contactId: number;
}) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || `contact ${c.contactId}`;

export function contactKeys(ctx: AnalysisContext, contact: Contact): DuplicateKeys {
  return duplicateKeys(contact, ctx.settings.hygiene.phoneRegion);
}

/** Every relationship of one contact, from its touches (touches without a networker do not count). */
export function relationshipsOf(
  ctx: AnalysisContext,
  contactId: number,
  touches: readonly ContactTouchRow[],
): (Relationship & { contactId: number })[] {
  // A contact's rows already are pair touches (type, occurredAt): grouped, not copied.
  const byOwner = new Map<number, ContactTouchRow[]>();
  for (const t of touches) {
    if (t.ownerId === null) continue;
    const list = byOwner.get(t.ownerId);
    if (list) list.push(t);
    else byOwner.set(t.ownerId, [t]);
  }
  const ownerIds = [...byOwner.keys()].sort((a, b) => a - b);
  const out: (Relationship & { contactId: number })[] = [];
  for (const ownerId of ownerIds) {
    const pairTouches = byOwner.get(ownerId) ?? [];
    const pair = pairStrength(pairTouches, ctx.asOf, ctx.settings.strength);
    const owner = ctx.owners.get(ownerId);
    const departedAt = owner?.archived ? (owner.archivedAt ?? ctx.asOf) : null;
    // One literal, not a spread: a million contacts' pairs share one object shape.
    out.push({
      contactId,
      ownerId,
      score: pair.score,
      grade: pair.grade,
      scoreBefore: pair.scoreBefore,
      trend: pair.trend,
      touchCount: pair.touchCount,
      inboundCount: pair.inboundCount,
      lastTouchAt: pair.lastTouchAt,
      capped: pair.capped,
      reason: pair.reason,
      scoreAtDeparture:
        departedAt === null
          ? null
          : strengthAt(pairTouches, departedAt, ctx.settings.strength).score,
    });
  }
  return out;
}

/**
 * One contact's full analysis: relationships, insight (threads and risks), findings and hygiene
 * score. The full run and the incremental recompute both call this, so they agree by construction.
 */
export function analyzeContact(
  ctx: AnalysisContext,
  contact: Contact,
  touches: readonly ContactTouchRow[],
  companyCount: number,
  keys: DuplicateKeys,
  duplicateOf: Record<DuplicateKind, number | null>,
): ContactAnalysis {
  const relationships = relationshipsOf(ctx, contact.contactId, touches);
  const networker = (id: number) => ctx.owners.get(id);
  const insight = contactInsight(
    contact,
    isKeyStakeholder(ctx, contact),
    relationships,
    networker,
    ctx.settings.strength,
  );
  const findings = auditContact(
    {
      contact,
      owner: contact.ownerId === null ? undefined : ctx.owners.get(contact.ownerId),
      companyCount,
      keys,
      insight,
      duplicateOf,
      relationshipOwnerRoles: ctx.relationshipOwnerRoles.get(contact.contactId) ?? 0,
      networkerName: (id) => networkerName(ctx, id),
      asOf: ctx.asOf,
    },
    ctx.settings,
  );
  return {
    relationships,
    insight: { ...insight, hygieneScore: recordHygieneScore(findings) },
    findings,
  };
}
