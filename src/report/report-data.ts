import { atRiskContacts } from '../analytics/at-risk.js';
import { loadPortalAnalysis } from '../analytics/load-context.js';
import { networkerName } from '../domain/analyze-contact.js';
import { concentration, tallyStrongTie } from '../domain/concentration.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import { KPI_NAMES } from '../domain/kpis.js';
import type { RiskFlag } from '../store/repositories/insight-repository.js';
import type { Store } from '../store/store.js';

export interface ReportData {
  portal: { id: number; name: string; source: string; asOf: number };
  vision: string;
  strategy: string;
  goals: { id: string; title: string; description: string; teams: string[] }[];
  kpis: {
    name: string;
    value: number | null;
    target: number | null;
    series: { period: string; value: number }[];
  }[];
  teams: {
    teamId: number;
    name: string;
    coverage: number | null;
    averageStrength: number | null;
    hygieneScore: number | null;
    ror: number | null;
    returnTotal: number;
    sourced: number;
    influenced: number;
    introductions: number;
    investment: number;
    strongTies: number;
    topShare: number;
    hhi: number;
    topNetworker: string | null;
    url: string | null;
  }[];
  atRisk: {
    risk: RiskFlag;
    contactId: number;
    name: string;
    strongest: string | null;
    maxScore: number;
    url: string | null;
  }[];
  handovers: { ownerId: number; name: string; carried: number; carriedOver: number }[];
  hygiene: {
    byRule: { ruleId: string; title: string; severity: string; open: number }[];
    byOwner: { ownerId: number; name: string; score: number }[];
    byTeam: { name: string; score: number | null }[];
    trend: { period: string; value: number }[];
  };
  /** The report is built from stored snapshots and results, never recomputed. */
  snapshotPeriod: string | null;
}

const KPI_TARGET: Record<
  (typeof KPI_NAMES)[number],
  'coverage' | 'averageStrength' | 'hygieneScore' | 'ror' | 'newStrongTiesPerQuarter' | null
> = {
  coverage: 'coverage',
  averageStrength: 'averageStrength',
  touches: null,
  strongTies: null,
  newStrongTies: 'newStrongTiesPerQuarter',
  hygieneScore: 'hygieneScore',
  ror: 'ror',
};

/** Everything the network report shows, read from snapshots and stored results (no recompute). */
export async function loadReport(store: Store, portalId: number, now: number): Promise<ReportData> {
  const portalRow = await store.portals.get(portalId);
  const portal = await loadPortalAnalysis(store, portalId, now);
  const { settings } = portal.ctx;
  const hubspot = portalRow?.source === 'hubspot';
  const record = (type: string, id: number) =>
    hubspot ? `https://app.hubspot.com/contacts/${portalId}/record/${type}/${id}` : null;

  const series = async (scopeType: 'portal' | 'team', scopeId: number, metric: string) =>
    (await store.snapshots.series(portalId, { scopeType, scopeId, metric }))
      .slice(-12)
      .map((p) => ({ period: p.period, value: p.value }));
  const kpis = await Promise.all(
    KPI_NAMES.map(async (name) => {
      const points = await series('portal', 0, name);
      const targetKey = KPI_TARGET[name];
      return {
        name,
        value: points.at(-1)?.value ?? null,
        target: targetKey ? settings.kpiTargets[targetKey] : null,
        series: points,
      };
    }),
  );

  const teamMetric = async (metric: string) => store.snapshots.latest(portalId, 'team', metric);
  const [rorValue, rorReturn, rorSourced, rorInfluenced, rorIntroductions, rorInvestment] =
    await Promise.all(
      ['ror', 'rorReturn', 'rorSourced', 'rorInfluenced', 'rorIntroductions', 'rorInvestment'].map(
        teamMetric,
      ),
    );
  const teams = await Promise.all(
    portal.network.teams.map(async (t) => {
      const latest = async (metric: string) =>
        (await series('team', t.teamId, metric)).at(-1)?.value ?? null;
      const ties = new Map<number, number>();
      for (const r of await store.relationships.forContacts(portalId, t.targetContacts))
        if (portal.ctx.owners.get(r.ownerId)?.archived === false)
          tallyStrongTie(ties, r.ownerId, r.score, settings.strength.grades.strong);
      const c = concentration(ties);
      return {
        teamId: t.teamId,
        name: t.name,
        coverage: await latest('coverage'),
        averageStrength: await latest('averageStrength'),
        hygieneScore: await latest('hygieneScore'),
        ror: rorValue?.get(t.teamId) ?? null,
        returnTotal: rorReturn?.get(t.teamId) ?? 0,
        sourced: rorSourced?.get(t.teamId) ?? 0,
        influenced: rorInfluenced?.get(t.teamId) ?? 0,
        introductions: rorIntroductions?.get(t.teamId) ?? 0,
        investment: rorInvestment?.get(t.teamId) ?? 0,
        strongTies: c.strongTies,
        topShare: c.topShare,
        hhi: c.hhi,
        topNetworker: c.topOwnerId === null ? null : networkerName(portal.ctx, c.topOwnerId),
        url: record(`p_networking_team`, t.teamId),
      };
    }),
  );

  const flagged = await atRiskContacts(store, portalId, ['singleThreaded', 'cold', 'orphaned'], 15);
  const [carried, carriedOver] = await Promise.all([
    store.snapshots.latest(portalId, 'owner', 'handoverCarried'),
    store.snapshots.latest(portalId, 'owner', 'handoverCarriedOver'),
  ]);
  const handovers = [...portal.ctx.owners.values()]
    .filter((o) => o.archived)
    .map((o) => ({
      ownerId: o.ownerId,
      name: networkerName(portal.ctx, o.ownerId),
      carried: carried.get(o.ownerId) ?? 0,
      carriedOver: carriedOver.get(o.ownerId) ?? 0,
    }));
  const counts = await store.findings.counts(portalId);
  const ownerHygiene = await store.snapshots.latest(portalId, 'owner', 'hygieneScore');
  const hygieneTrend = await series('portal', 0, 'hygieneScore');

  return {
    portal: {
      id: portalId,
      name: portalRow?.name ?? `portal ${portalId}`,
      source: portalRow?.source ?? 'unknown',
      asOf: now,
    },
    vision: settings.vision,
    strategy: settings.strategy,
    goals: settings.goals.map((g) => ({
      ...g,
      teams: portal.network.teams.filter((t) => t.goalId === g.id).map((t) => t.name),
    })),
    kpis,
    teams,
    atRisk: flagged.map(({ flag, insight, name }) => ({
      risk: flag,
      contactId: insight.contactId,
      name,
      strongest:
        insight.strongestOwnerId === null
          ? null
          : networkerName(portal.ctx, insight.strongestOwnerId),
      maxScore: insight.maxScore,
      url: record('0-1', insight.contactId),
    })),
    handovers,
    hygiene: {
      byRule: ALL_RULES.map((r) => ({
        ruleId: r.id,
        title: r.title,
        severity: r.severity,
        open: counts.filter((c) => c.ruleId === r.id).reduce((s, c) => s + c.open, 0),
      })).filter((r) => r.open > 0),
      byOwner: [...ownerHygiene.entries()]
        .filter(([id]) => portal.ctx.owners.get(id)?.archived === false)
        .map(([ownerId, score]) => ({ ownerId, name: networkerName(portal.ctx, ownerId), score }))
        .sort((a, b) => a.score - b.score)
        .slice(0, 15),
      byTeam: teams.map((t) => ({ name: t.name, score: t.hygieneScore })),
      trend: hygieneTrend,
    },
    snapshotPeriod: kpis[0]?.series.at(-1)?.period ?? null,
  };
}
