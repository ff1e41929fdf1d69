import { contactInsight, type ContactInsight, type Relationship } from './contact-insight.js';
import { duplicateKeys, type DuplicateKeys, type DuplicateKind } from './contact-keys.js';
import { auditContact } from './hygiene/audit-rules.js';
import { recordHygieneScore } from './hygiene/hygiene-score.js';
import type { Settings } from './settings.js';
import { sortedPairStrength, sortedStrengthAt } from './strength.js';
import { forEachPair, type TouchColumns } from './touch-columns.js';
import type { Contact, EpochMs, Finding, Owner } from './types.js';

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

/** Touches [from, to) of the columns: one contact's. */
export interface ContactTouches {
  columns: TouchColumns;
  from: number;
  to: number;
}

/** Every relationship of one contact, from its touches (touches without a networker do not count). */
export function relationshipsOf(
  ctx: AnalysisContext,
  contactId: number,
  { columns, from, to }: ContactTouches,
): (Relationship & { contactId: number })[] {
  const s = ctx.settings.strength;
  const out: (Relationship & { contactId: number })[] = [];
  forEachPair(columns, from, to, (ownerId, touches) => {
    const pair = sortedPairStrength(touches, ctx.asOf, s);
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
      scoreAtDeparture: departedAt === null ? null : sortedStrengthAt(touches, departedAt, s).score,
    });
  });
  return out;
}

/**
 * One contact's full analysis: relationships, insight (threads and risks), findings and hygiene
 * score. The full run and the incremental recompute both call this, so they agree by construction.
 */
export function analyzeContact(
  ctx: AnalysisContext,
  contact: Contact,
  touches: ContactTouches,
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
