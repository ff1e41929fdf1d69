import { sql } from 'kysely';
import type { Finding, ObjectType, PortalId, Severity } from '../../domain/types.js';
import { numOrNull, parseJson, type Db } from './db.js';

export interface StoredFinding extends Finding {
  id: number;
  fingerprint: string;
  openedAt: number;
  lastSeenAt: number;
  resolvedAt: number | null;
}

export interface FindingRepository {
  /** Opens new findings and refreshes open ones; returns the fingerprints that were newly opened. */
  record(portalId: PortalId, findings: readonly Finding[], now: number): Promise<string[]>;
  resolve(portalId: PortalId, fingerprints: readonly string[], now: number): Promise<number>;
  open(
    portalId: PortalId,
    filter?: { objectType?: ObjectType; objectId?: number },
  ): Promise<StoredFinding[]>;
}

export const fingerprintOf = (f: Pick<Finding, 'ruleId' | 'objectType' | 'objectId'>): string =>
  `${f.ruleId}:${f.objectType}:${f.objectId}`;

export function createFindingRepository(db: Db): FindingRepository {
  return {
    async record(portalId, findings, now) {
      const opened: string[] = [];
      for (const f of findings) {
        const fingerprint = fingerprintOf(f);
        const update = await db
          .updateTable('findings')
          .set({
            last_seen_at: now,
            message: f.message,
            details: JSON.stringify(f.details),
            severity: f.severity,
            alert_owner_id: f.alertOwnerId,
          })
          .where('portal_id', '=', portalId)
          .where('fingerprint', '=', fingerprint)
          .where('resolved_at', 'is', null)
          .executeTakeFirst();
        if (Number(update.numUpdatedRows) > 0) continue;
        await db
          .insertInto('findings')
          .values({
            portal_id: portalId,
            fingerprint,
            rule_id: f.ruleId,
            object_type: f.objectType,
            object_id: f.objectId,
            severity: f.severity,
            alert_owner_id: f.alertOwnerId,
            message: f.message,
            details: JSON.stringify(f.details),
            opened_at: now,
            last_seen_at: now,
            resolved_at: null,
          })
          .execute();
        opened.push(fingerprint);
      }
      return opened;
    },
    async resolve(portalId, fingerprints, now) {
      if (fingerprints.length === 0) return 0;
      const result = await db
        .updateTable('findings')
        .set({ resolved_at: now })
        .where('portal_id', '=', portalId)
        .where('fingerprint', 'in', [...fingerprints])
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async open(portalId, filter = {}) {
      let query = db
        .selectFrom('findings')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('resolved_at', 'is', null);
      if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
      if (filter.objectId !== undefined) query = query.where('object_id', '=', filter.objectId);
      const rows = await query.orderBy(sql`id`).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        fingerprint: r.fingerprint,
        ruleId: r.rule_id,
        objectType: r.object_type as ObjectType,
        objectId: Number(r.object_id),
        severity: r.severity as Severity,
        alertOwnerId: numOrNull(r.alert_owner_id),
        message: r.message,
        details: parseJson<Record<string, unknown>>(r.details, {}),
        openedAt: Number(r.opened_at),
        lastSeenAt: Number(r.last_seen_at),
        resolvedAt: numOrNull(r.resolved_at),
      }));
    },
  };
}
