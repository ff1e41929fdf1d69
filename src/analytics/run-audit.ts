import { crmUsage, type CrmUsage } from '../domain/hygiene/crm-usage.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import type { Kpis } from '../domain/kpis.js';
import { DAY_MS, monthOf, type Period } from '../domain/time.js';
import type { PortalId, Severity } from '../domain/types.js';
import type { RiskFlag } from '../store/repositories/insight-repository.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import { analyzeAllContacts, startFullRun, type AuditProgress } from './full-audit.js';
import { beginFullRun } from './full-runs.js';
import { auditTouchesAndNetwork } from './rule-scopes.js';
import { atRiskContacts } from './at-risk.js';
import type { Handover } from './handover-report.js';
import { networkerName } from '../domain/analyze-contact.js';
import { loadRorData, rorFor } from './ror-report.js';
import { snapshotPoints } from './snapshot-points.js';
import { teamKpis, type TeamKpis } from './team-kpis.js';

export interface RuleSummary {
  ruleId: string;
  title: string;
  category: string;
  severity: Severity;
  open: number;
}

export interface AtRisk {
  flag: RiskFlag;
  contactId: number;
  name: string;
  maxScore: number;
  threads: number;
  strongest: string | null;
}

export interface NetworkerKpis {
  ownerId: number;
  name: string;
  active: boolean;
  touches: number;
  relationships: number;
  averageStrength: number;
  strongTies: number;
  newStrongTies: number;
  hygieneScore: number;
  crmUsage: CrmUsage;
}

export interface AuditReport {
  portalId: PortalId;
  asOf: number;
  period: Period;
  durationMs: number;
  contacts: number;
  relationships: number;
  findings: { opened: number; resolved: number; open: number };
  rules: RuleSummary[];
  risks: Record<RiskFlag, number>;
  atRisk: AtRisk[];
  concentration: {
    companyId: number;
    name: string;
    strongTies: number;
    topShare: number;
    hhi: number;
    top: string | null;
  }[];
  organization: Kpis;
  teams: TeamKpis[];
  networkers: NetworkerKpis[];
  handovers: Handover[];
  snapshotPeriod: string | null;
}

export interface AuditOptions {
  asOf: number;
  now: number;
  pageSize?: number;
  snapshot?: boolean;
  onProgress?: (p: AuditProgress) => void;
  /** Analyse contacts on a worker thread (default: when the portal has more than one page). */
  thread?: boolean;
  log?: Logger;
}

/**
 * The full audit of one portal: every contact's relationships, insights and findings, companies,
 * touches and the network; then the KPIs of the organization, its teams and networkers over the
 * trailing trend window, written as this month's snapshot. This process's recomputes wait for it
 * (`full-runs.ts`).
 */
export async function runAudit(
  store: Store,
  portalId: PortalId,
  options: AuditOptions,
): Promise<AuditReport> {
  const end = beginFullRun(store);
  try {
    return await audit(store, portalId, options);
  } finally {
    end();
  }
}

async function audit(
  store: Store,
  portalId: PortalId,
  options: AuditOptions,
): Promise<AuditReport> {
  const started = performance.now();
  const onProgress = options.onProgress ?? (() => undefined);
  const run = await startFullRun(store, portalId, options.asOf);
  const { portal } = run;
  const { settings, owners } = portal.ctx;
  // Inclusive of asOf, like strength: a touch at this very instant counts.
  const period = {
    from: options.asOf - settings.strength.trendWindowDays * DAY_MS,
    to: options.asOf + 1,
  };
  const timelyMs = settings.hygiene.timelyLoggingHours * 3_600_000;
  // Touches are not what the contact pass writes, so their scans start now and overlap it: on
  // SQLite on a worker thread's connection, on PostgreSQL on another connection of the pool.
  const statsRead = store.touches.stats(portalId, period, timelyMs);
  const unassociatedRead = store.touches.unassociated(portalId);
  // Awaited below; until then a failure must not count as unhandled.
  for (const read of [statsRead, unassociatedRead]) read.catch(() => undefined);
  let indexes = Promise.resolve();
  const totals = await analyzeAllContacts(store, run, {
    onIndexes: (building) => {
      indexes = building;
    },
    now: options.now,
    pageSize: options.pageSize ?? 20_000,
    onProgress,
    ...(options.thread === undefined ? {} : { thread: options.thread }),
    onThreadFallback: (reason) =>
      options.log?.warn({ reason }, 'the contact analysis runs on the main thread'),
  });
  onProgress({ phase: 'network', done: 0, total: 1 });
  const other = await auditTouchesAndNetwork(store, portal, await unassociatedRead, options.now);
  onProgress({ phase: 'network', done: 1, total: 1 });

  onProgress({ phase: 'metrics', done: 0, total: 1 });
  const stats = await statsRead;
  const touches = new Map<number, number>();
  for (const s of stats)
    if (s.ownerId !== null) touches.set(s.ownerId, (touches.get(s.ownerId) ?? 0) + s.count);
  const onTime = new Map<number, number>();
  for (const s of stats)
    if (s.ownerId !== null) onTime.set(s.ownerId, (onTime.get(s.ownerId) ?? 0) + s.onTime);

  const networkers: NetworkerKpis[] = [...owners.values()]
    .sort((a, b) => a.ownerId - b.ownerId)
    .map((o) => {
      const t = totals.networkers.get(o.ownerId);
      return {
        ownerId: o.ownerId,
        name: networkerName(portal.ctx, o.ownerId),
        active: !o.archived,
        touches: touches.get(o.ownerId) ?? 0,
        relationships: t.ties.relationships,
        averageStrength: t.ties.averageStrength,
        strongTies: t.ties.strongTies,
        newStrongTies: t.ties.newStrongTies,
        hygieneScore: t.hygiene.value,
        crmUsage: crmUsage({
          touches: touches.get(o.ownerId) ?? 0,
          loggedOnTime: onTime.get(o.ownerId) ?? 0,
          ownedContacts: t.ownedContacts,
          completeContacts: t.completeContacts,
          duplicatesOwned: t.duplicatesOwned,
        }),
      };
    });
  const rorData = await loadRorData(store, portalId, period, stats);
  const teams: TeamKpis[] = [];
  for (const team of portal.network.teams)
    teams.push(
      await teamKpis(
        store,
        portal,
        team.teamId,
        period,
        touches,
        (id) => totals.networkers.get(id).ties,
        rorData,
      ),
    );
  const orgRor = rorFor(portal, rorData, { kind: 'portal' });
  const organization: Kpis = {
    coverage:
      totals.keyStakeholders === 0
        ? null
        : Math.round((totals.coveredKeyStakeholders / totals.keyStakeholders) * 100) / 100,
    averageStrength:
      totals.keyStakeholders === 0
        ? 0
        : Math.round((totals.keyStrengthSum / totals.keyStakeholders) * 100) / 100,
    touches: [...touches.values()].reduce((s, n) => s + n, 0),
    strongTies: networkers.reduce((s, n) => s + n.strongTies, 0),
    newStrongTies: networkers.reduce((s, n) => s + n.newStrongTies, 0),
    hygieneScore: totals.hygiene.value,
    ror: orgRor.ror,
  };

  const handovers = totals.handovers.handovers();

  const snapshotPeriod = options.snapshot === false ? null : monthOf(options.asOf);
  if (snapshotPeriod) {
    const teamRor = teams.map((t) => ({
      teamId: t.teamId,
      ror: rorFor(portal, rorData, { kind: 'team', teamId: t.teamId }),
    }));
    await store.snapshots.put(
      portalId,
      snapshotPoints(snapshotPeriod, { organization, teams, networkers, teamRor, handovers }),
      options.now,
    );
  }
  onProgress({ phase: 'metrics', done: 1, total: 1 });
  const summary = await summarize(store, portalId, (id) => networkerName(portal.ctx, id));
  // A run that fails before this leaves the build going; a store opened later builds what it left.
  await indexes;
  return {
    portalId,
    asOf: options.asOf,
    period,
    durationMs: Math.round(performance.now() - started),
    contacts: totals.contacts,
    relationships: totals.relationships,
    findings: {
      opened: totals.findingsOpened + other.opened,
      resolved: totals.findingsResolved + other.resolved,
      open: summary.findingsOpen,
    },
    rules: summary.rules,
    risks: summary.risks,
    atRisk: summary.atRisk,
    concentration: summary.concentration,
    organization,
    teams,
    networkers,
    handovers,
    snapshotPeriod,
  };
}

async function summarize(store: Store, portalId: PortalId, name: (ownerId: number) => string) {
  const counts = await store.findings.counts(portalId);
  const rules: RuleSummary[] = ALL_RULES.map((rule) => ({
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    open: counts.filter((c) => c.ruleId === rule.id).reduce((s, c) => s + c.open, 0),
  }));
  const risks = await store.insights.countFlags(portalId);
  const flagged = await atRiskContacts(store, portalId, ['orphaned', 'singleThreaded', 'cold'], 5);
  const atRisk: AtRisk[] = flagged.map(({ flag, insight, name: contact }) => ({
    flag,
    contactId: insight.contactId,
    name: contact,
    maxScore: insight.maxScore,
    threads: insight.threads,
    strongest: insight.strongestOwnerId === null ? null : name(insight.strongestOwnerId),
  }));
  const concentrated = await store.insights.mostConcentrated(portalId, 3, 5);
  const companyNames = new Map(
    await Promise.all(
      concentrated.map(
        async (c) =>
          [
            c.companyId,
            (await store.companies.get(portalId, c.companyId))?.name ?? `company ${c.companyId}`,
          ] as const,
      ),
    ),
  );
  return {
    rules,
    risks,
    atRisk,
    concentration: concentrated.map((c) => ({
      companyId: c.companyId,
      name: companyNames.get(c.companyId) ?? `company ${c.companyId}`,
      strongTies: c.strongTies,
      topShare: c.topShare,
      hhi: c.hhi,
      top: c.topOwnerId === null ? null : name(c.topOwnerId),
    })),
    findingsOpen: counts.reduce((s, c) => s + c.open, 0),
  };
}
