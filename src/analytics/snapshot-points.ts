import { KPI_NAMES, type Kpis } from '../domain/kpis.js';
import type { MetricPoint } from '../store/repositories/snapshot-repository.js';
import type { Handover } from './handover-report.js';
import type { RorReport } from './ror-report.js';
import type { NetworkerKpis } from './run-audit.js';
import type { TeamKpis } from './team-kpis.js';

/** Everything the report and the settings dashboard chart, as one month's points. */
export function snapshotPoints(
  period: string,
  s: {
    organization: Kpis;
    teams: readonly TeamKpis[];
    networkers: readonly NetworkerKpis[];
    teamRor: readonly { teamId: number; ror: RorReport }[];
    handovers: readonly Handover[];
  },
): MetricPoint[] {
  const { organization, teams, networkers } = s;
  const points: MetricPoint[] = [];
  const add = (
    scopeType: MetricPoint['scopeType'],
    scopeId: number,
    metric: string,
    value: number | null,
  ) => {
    if (value !== null) points.push({ period, scopeType, scopeId, metric, value });
  };
  for (const k of KPI_NAMES) add('portal', 0, k, organization[k]);
  for (const t of teams) for (const k of KPI_NAMES) add('team', t.teamId, k, t[k]);
  for (const n of networkers) {
    add('owner', n.ownerId, 'touches', n.touches);
    add('owner', n.ownerId, 'averageStrength', n.averageStrength);
    add('owner', n.ownerId, 'strongTies', n.strongTies);
    add('owner', n.ownerId, 'newStrongTies', n.newStrongTies);
    add('owner', n.ownerId, 'hygieneScore', n.hygieneScore);
    add('owner', n.ownerId, 'crmUsage', n.crmUsage.score);
  }
  for (const { teamId, ror } of s.teamRor) {
    add('team', teamId, 'rorReturn', ror.return.total);
    add('team', teamId, 'rorSourced', ror.return.sourced);
    add('team', teamId, 'rorInfluenced', ror.return.influenced);
    add('team', teamId, 'rorIntroductions', ror.return.introductions + ror.return.referrals);
    add('team', teamId, 'rorInvestment', ror.investment.total);
  }
  for (const h of s.handovers) {
    add('owner', h.ownerId, 'handoverCarried', h.carried);
    add('owner', h.ownerId, 'handoverCarriedOver', h.carriedOver);
  }
  return points;
}
