import type { CompanyCard } from '../../extensions/lib/contracts.js';
import type { PortalAnalysis } from '../analytics/load-context.js';
import { DAY_MS } from '../domain/time.js';
import type { Repositories } from '../store/store.js';
import { cardError, type CardCaller, type CardResponse } from './card-request.js';
import { directoryOf } from './directory.js';
import { contactName } from '../domain/analyze-contact.js';

const WEEKS = 12;
const MAX_NETWORKERS = 25;

/** The account network: coverage, concentration, single threads, who knows the company, recent touches. */
export async function companyCard(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  companyId: number,
  now: number,
): Promise<CardResponse> {
  const { portalId } = caller;
  const company = await repos.companies.get(portalId, companyId);
  if (!company)
    return cardError(
      404,
      'unknown_company',
      `company ${companyId} is not in Rapport's mirror of this portal`,
    );
  const [[insight], { contactIds, relationships }] = await Promise.all([
    repos.insights.companies(portalId, [companyId]),
    repos.relationships.ofCompany(portalId, companyId),
  ]);
  const dir = directoryOf(portal);
  const [insights, touches] = await Promise.all([
    repos.insights.contacts(portalId, contactIds),
    repos.touches.forContacts(portalId, contactIds),
  ]);
  const singles = insights.filter((i) => i.singleThreaded);
  const people = new Map(
    (
      await repos.contacts.getMany(
        portalId,
        singles.map((i) => i.contactId),
      )
    ).map((c) => [c.contactId, contactName(c)]),
  );

  const byOwner = new Map<number, { score: number; contacts: number }>();
  for (const r of relationships) {
    if (!dir.active(r.ownerId)) continue;
    const entry = byOwner.get(r.ownerId) ?? { score: 0, contacts: 0 };
    entry.score = Math.max(entry.score, r.score);
    entry.contacts += 1;
    byOwner.set(r.ownerId, entry);
  }
  const weekStart = (at: number) => now - Math.ceil((now - at) / (7 * DAY_MS)) * 7 * DAY_MS;
  const weeks = new Map<number, number>();
  for (let w = WEEKS - 1; w >= 0; w -= 1) weeks.set(now - (w + 1) * 7 * DAY_MS, 0);
  for (const t of touches) {
    if (t.occurredAt > now || t.occurredAt <= now - WEEKS * 7 * DAY_MS) continue;
    const start = weekStart(t.occurredAt);
    weeks.set(start, (weeks.get(start) ?? 0) + 1);
  }
  const body: CompanyCard = {
    company: { id: companyId, name: company.name ?? `company ${companyId}` },
    coverage: {
      contacts: contactIds.length,
      threaded: insight?.threadedContacts ?? 0,
      share:
        contactIds.length === 0
          ? null
          : Math.round(((insight?.threadedContacts ?? 0) / contactIds.length) * 100) / 100,
    },
    concentration: {
      strongTies: insight?.strongTies ?? 0,
      topOwner: insight?.topOwnerId == null ? null : dir.name(insight.topOwnerId),
      topShare: insight?.topShare ?? 0,
      hhi: insight?.hhi ?? 0,
    },
    singleThreaded: singles.slice(0, 25).map((i) => ({
      contactId: i.contactId,
      name: people.get(i.contactId) ?? `contact ${i.contactId}`,
      holder: i.strongestActiveOwnerId === null ? '—' : dir.name(i.strongestActiveOwnerId),
    })),
    networkers: [...byOwner.entries()]
      .sort(([a, x], [b, y]) => y.score - x.score || a - b)
      .slice(0, MAX_NETWORKERS)
      .map(([ownerId, v]) => ({
        ownerId,
        name: dir.name(ownerId),
        score: v.score,
        contacts: v.contacts,
      })),
    touchesByWeek: [...weeks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, n]) => ({ week: new Date(start).toISOString().slice(0, 10), touches: n })),
  };
  return { status: 200, body };
}
