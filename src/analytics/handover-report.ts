import type { Relationship } from '../domain/contact-insight.js';
import { handoverItem, type HandoverItem } from '../domain/handover.js';
import { groupBy } from '../shared/group-by.js';
import type { Repositories } from '../store/store.js';
import type { PortalAnalysis } from './load-context.js';

export interface Handover {
  ownerId: number;
  archivedAt: number | null;
  carried: number;
  carriedOver: number;
  /** Every relationship they carried, strongest at departure first. */
  items: HandoverItem[];
}

/** The leaver playbook for one departed networker, from stored relationships. */
export async function handoverFor(
  repos: Repositories,
  portal: PortalAnalysis,
  ownerId: number,
): Promise<Handover> {
  const { portalId } = portal.ctx;
  const carried = (await repos.relationships.forOwner(portalId, ownerId)).filter((r) =>
    isCarried(portal, r),
  );
  const others = await repos.relationships.forContacts(
    portalId,
    carried.map((r) => r.contactId),
  );
  const byContact = groupBy(others, (r) => r.contactId);
  return handoverOf(
    portal,
    ownerId,
    carried.map((r) => itemFor(portal, r, r.contactId, byContact.get(r.contactId) ?? [])),
  );
}

/**
 * Every departed networker's playbook, gathered from the relationships a full run analyses, one
 * contact at a time: the run holds each contact's relationships already, where reading them back
 * per networker afterwards cost a scan of the owner index and a read of every carried contact
 * (15 departed networkers of a 1M portal: 1.3 s, 17.6 s among the dead rows a rewrite leaves).
 */
export class HandoverCollector {
  private readonly items = new Map<number, HandoverItem[]>();

  constructor(private readonly portal: PortalAnalysis) {
    for (const o of portal.ctx.owners.values()) if (o.archived) this.items.set(o.ownerId, []);
  }

  /** Whether `ownerId` is a departed networker, whose relationships make handover items. */
  tracks(ownerId: number): boolean {
    return this.items.has(ownerId);
  }

  /** One contact's relationships, every networker's (the successors are among them). */
  add(contactId: number, relationships: readonly Relationship[]): void {
    for (const r of relationships) {
      const items = this.items.get(r.ownerId);
      if (items && isCarried(this.portal, r))
        items.push(itemFor(this.portal, r, contactId, relationships));
    }
  }

  /** The playbooks, in the order of the portal's networkers. */
  handovers(): Handover[] {
    return [...this.items].map(([ownerId, items]) => handoverOf(this.portal, ownerId, items));
  }
}

const isCarried = (portal: PortalAnalysis, r: Relationship): boolean =>
  (r.scoreAtDeparture ?? 0) >= portal.ctx.settings.strength.threadThreshold;

function itemFor(
  portal: PortalAnalysis,
  carried: Relationship,
  contactId: number,
  others: readonly Relationship[],
): HandoverItem {
  const { owners, settings } = portal.ctx;
  return handoverItem(
    { ownerId: carried.ownerId, archivedAt: owners.get(carried.ownerId)?.archivedAt ?? null },
    carried,
    contactId,
    others,
    (id) => owners.get(id)?.archived === false,
    portal.teamMembersOf(contactId),
    settings.strength.threadThreshold,
  );
}

function handoverOf(portal: PortalAnalysis, ownerId: number, items: HandoverItem[]): Handover {
  items.sort((a, b) => b.scoreAtDeparture - a.scoreAtDeparture || a.contactId - b.contactId);
  return {
    ownerId,
    archivedAt: portal.ctx.owners.get(ownerId)?.archivedAt ?? null,
    carried: items.length,
    carriedOver: items.filter((i) => i.carriedOver).length,
    items,
  };
}
