import { handoverItem, type HandoverItem } from '../domain/handover.js';
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
  const { portalId, settings, owners } = portal.ctx;
  const owner = owners.get(ownerId);
  const threshold = settings.strength.threadThreshold;
  const carried = (await repos.relationships.forOwner(portalId, ownerId)).filter(
    (r) => (r.scoreAtDeparture ?? 0) >= threshold,
  );
  const others = await repos.relationships.forContacts(
    portalId,
    carried.map((r) => r.contactId),
  );
  const byContact = new Map<number, typeof others>();
  for (const r of others) byContact.set(r.contactId, [...(byContact.get(r.contactId) ?? []), r]);
  const isActive = (id: number) => owners.get(id)?.archived === false;
  const items = carried
    .map((r) =>
      handoverItem(
        { ownerId, archivedAt: owner?.archivedAt ?? null },
        r,
        r.contactId,
        byContact.get(r.contactId) ?? [],
        isActive,
        portal.teamMembersOf(r.contactId),
        threshold,
      ),
    )
    .sort((a, b) => b.scoreAtDeparture - a.scoreAtDeparture || a.contactId - b.contactId);
  return {
    ownerId,
    archivedAt: owner?.archivedAt ?? null,
    carried: items.length,
    carriedOver: items.filter((i) => i.carriedOver).length,
    items,
  };
}
