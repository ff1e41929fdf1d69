import type { PortalId } from '../../domain/types.js';
import type { Db } from './db.js';
import { upsertRows } from './upsert-rows.js';

export type ScopeType = 'portal' | 'team' | 'owner';

export interface MetricPoint {
  period: string;
  scopeType: ScopeType;
  /** 0 for the portal scope. */
  scopeId: number;
  metric: string;
  value: number;
}

export interface SnapshotRepository {
  /** Writes or replaces the points of a period (a re-run of the same month overwrites it). */
  put(portalId: PortalId, points: readonly MetricPoint[], takenAt: number): Promise<void>;
  /** The latest value of one metric for every scope of a type (e.g. every networker's hygiene). */
  latest(portalId: PortalId, scopeType: ScopeType, metric: string): Promise<Map<number, number>>;
  series(
    portalId: PortalId,
    scope: { scopeType: ScopeType; scopeId: number; metric: string },
  ): Promise<MetricPoint[]>;
}

export function createSnapshotRepository(db: Db): SnapshotRepository {
  return {
    async put(portalId, points, takenAt) {
      await upsertRows(
        db,
        'metric_snapshots',
        ['portal_id', 'scope_type', 'scope_id', 'metric', 'period'],
        points.map((p) => ({
          portal_id: portalId,
          period: p.period,
          scope_type: p.scopeType,
          scope_id: p.scopeId,
          metric: p.metric,
          value: p.value,
          taken_at: takenAt,
        })),
      );
    },
    async latest(portalId, scopeType, metric) {
      const rows = await db
        .selectFrom('metric_snapshots')
        .select(['scope_id', 'period', 'value'])
        .where('portal_id', '=', portalId)
        .where('scope_type', '=', scopeType)
        .where('metric', '=', metric)
        .orderBy('period')
        .execute();
      // Ordered by period: the last value seen per scope is its latest.
      return new Map(rows.map((r) => [Number(r.scope_id), Number(r.value)]));
    },
    async series(portalId, scope) {
      const rows = await db
        .selectFrom('metric_snapshots')
        .select(['period', 'scope_type', 'scope_id', 'metric', 'value'])
        .where('portal_id', '=', portalId)
        .where('scope_type', '=', scope.scopeType)
        .where('scope_id', '=', scope.scopeId)
        .where('metric', '=', scope.metric)
        .orderBy('period')
        .execute();
      return rows.map((r) => ({
        period: r.period,
        scopeType: r.scope_type as ScopeType,
        scopeId: Number(r.scope_id),
        metric: r.metric,
        value: Number(r.value),
      }));
    },
  };
}
