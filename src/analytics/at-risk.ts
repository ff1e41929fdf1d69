import { contactName } from '../domain/analyze-contact.js';
import type { RiskFlag, StoredContactInsight } from '../store/repositories/insight-repository.js';
import type { Repositories } from '../store/store.js';

export interface AtRiskContact {
  flag: RiskFlag;
  insight: StoredContactInsight;
  name: string;
}

/** The weakest contacts carrying each risk flag, with their names: the audit, report and dashboard lists. */
export async function atRiskContacts(
  repos: Repositories,
  portalId: number,
  flags: readonly RiskFlag[],
  perFlag: number,
): Promise<AtRiskContact[]> {
  const flagged = (
    await Promise.all(
      flags.map(async (flag) =>
        (await repos.insights.atRisk(portalId, flag, perFlag)).map((insight) => ({
          flag,
          insight,
        })),
      ),
    )
  ).flat();
  const names = new Map(
    (
      await repos.contacts.getMany(
        portalId,
        flagged.map((f) => f.insight.contactId),
      )
    ).map((c) => [c.contactId, contactName(c)]),
  );
  return flagged.map((f) => ({
    ...f,
    name: names.get(f.insight.contactId) ?? `contact ${f.insight.contactId}`,
  }));
}
