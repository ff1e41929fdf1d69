import { sql, type Selectable } from 'kysely';
import type { Finding, ObjectType, PortalId, Severity } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import type { Tables } from '../tables.js';
import { chunks, numOrNull, parseJson, type Db } from './db.js';
import {
  alertKeysOf,
  fingerprintOf,
  inScope,
  openFindingsQuery,
  reconciliation,
  reconcileWrites,
  toFindingRow,
  toOpenFinding,
  type FindingScope,
  type OpenFinding,
} from './finding-reconcile.js';
import { holdWrites } from './outbox-repository.js';

export interface StoredFinding extends Finding {
  id: number;
  fingerprint: string;
  openedAt: number;
  /** When its message, severity, details or alert owner last changed. */
  changedAt: number;
  resolvedAt: number | null;
  snoozedUntil: number | null;
}

/** A finding as the alert digests group it: by the person alerted, then counted by rule. */
export interface OpenedFinding {
  fingerprint: string;
  ruleId: string;
  alertOwnerId: number | null;
  openedAt: number;
}

export interface FindingRepository {
  /**
   * Makes the open findings in `scope` (or in any of several) equal `findings`: new ones open,
   * vanished ones resolve (kept as history), changed ones update; unchanged ones are not written.
   * Batched: a handful of statements per call whatever the number of findings.
   */
  reconcile(
    portalId: PortalId,
    scope: FindingScope | readonly FindingScope[],
    findings: readonly Finding[],
    now: number,
  ): Promise<{ opened: number; resolved: number }>;
  /** The open findings in any of `scopes`, as reconciling compares them. */
  openIn(portalId: PortalId, scopes: readonly FindingScope[]): Promise<OpenFinding[]>;
  /** Open and resolved findings, newest first (the audit's progress view). */
  history(
    portalId: PortalId,
    filter: { objectType?: ObjectType; objectId?: number; openedSince?: number; limit: number },
  ): Promise<StoredFinding[]>;
  counts(portalId: PortalId): Promise<{ ruleId: string; severity: Severity; open: number }[]>;
  /**
   * The findings opened at or after `since` and still open, newest first, each as the alert
   * digests group and count them (what a first audit of a million contacts opens: 467k of them).
   */
  openedSince(portalId: PortalId, since: number): Promise<OpenedFinding[]>;
  /** The open findings with these fingerprints. */
  openWithFingerprints(
    portalId: PortalId,
    fingerprints: readonly string[],
  ): Promise<StoredFinding[]>;
  /** Which of these fingerprints are still open. */
  stillOpen(portalId: PortalId, fingerprints: readonly string[]): Promise<Set<string>>;
  /** Open findings on some records of one type. */
  openOn(
    portalId: PortalId,
    objectType: ObjectType,
    ids: readonly number[],
  ): Promise<StoredFinding[]>;
  /** Hides an open finding from cards until `until` (it stays open and counted). */
  snooze(portalId: PortalId, id: number, until: number): Promise<void>;
  /** Opens new findings and refreshes open ones; returns the fingerprints that were newly opened. */
  record(portalId: PortalId, findings: readonly Finding[], now: number): Promise<string[]>;
  resolve(portalId: PortalId, fingerprints: readonly string[], now: number): Promise<number>;
  open(
    portalId: PortalId,
    filter?: { objectType?: ObjectType; objectId?: number },
  ): Promise<StoredFinding[]>;
}

export function createFindingRepository(db: Db, dialect: Dialect): FindingRepository {
  /** The open findings among a batch of fingerprints (up to 1,000). */
  const openNamed = (portalId: PortalId, fingerprints: readonly string[]) =>
    db
      .selectFrom('findings')
      .where('portal_id', '=', portalId)
      .where('resolved_at', 'is', null)
      .where('fingerprint', 'in', [...fingerprints]);
  return {
    async reconcile(portalId, scope, findings, now) {
      const scopes = [scope].flat();
      if (!inScope(scopes)) return { opened: 0, resolved: 0 };
      const open = await this.openIn(portalId, scopes);
      const r = reconciliation(portalId, open, findings, now);
      for (const write of [
        ...reconcileWrites(db, dialect, r),
        // A finding and the alert it owes commit together or not at all.
        ...holdWrites(db, portalId, r.alertKeys, now),
      ])
        await write.execute();
      return { opened: r.opened.length, resolved: r.resolved.length };
    },
    async openIn(portalId, scopes) {
      if (!inScope(scopes)) return [];
      return (await openFindingsQuery(db, portalId, scopes).execute()).map(toOpenFinding);
    },
    async history(portalId, filter) {
      let query = db.selectFrom('findings').selectAll().where('portal_id', '=', portalId);
      if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
      if (filter.objectId !== undefined) query = query.where('object_id', '=', filter.objectId);
      if (filter.openedSince !== undefined)
        query = query.where('opened_at', '>', filter.openedSince);
      const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toStoredFinding);
    },
    async openedSince(portalId, since) {
      const rows = await db
        .selectFrom('findings')
        .select(['fingerprint', 'rule_id', 'alert_owner_id', 'opened_at'])
        .where('portal_id', '=', portalId)
        .where('resolved_at', 'is', null)
        .where('opened_at', '>=', since)
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => ({
        fingerprint: r.fingerprint,
        ruleId: r.rule_id,
        alertOwnerId: numOrNull(r.alert_owner_id),
        openedAt: Number(r.opened_at),
      }));
    },
    async openWithFingerprints(portalId, fingerprints) {
      const out: StoredFinding[] = [];
      for (const batch of chunks(fingerprints, 1_000))
        out.push(...(await openNamed(portalId, batch).selectAll().execute()).map(toStoredFinding));
      return out;
    },
    async stillOpen(portalId, fingerprints) {
      const out = new Set<string>();
      for (const batch of chunks(fingerprints, 1_000))
        for (const r of await openNamed(portalId, batch).select('fingerprint').execute())
          out.add(r.fingerprint);
      return out;
    },
    async openOn(portalId, objectType, ids) {
      const out: StoredFinding[] = [];
      for (const batch of chunks(ids, 1_000)) {
        const rows = await db
          .selectFrom('findings')
          .selectAll()
          .where('portal_id', '=', portalId)
          .where('object_type', '=', objectType)
          .where('object_id', 'in', batch)
          .where('resolved_at', 'is', null)
          .orderBy('id')
          .execute();
        out.push(...rows.map(toStoredFinding));
      }
      return out;
    },
    async snooze(portalId, id, until) {
      await db
        .updateTable('findings')
        .set({ snoozed_until: until })
        .where('portal_id', '=', portalId)
        .where('id', '=', id)
        .execute();
    },
    async counts(portalId) {
      const rows = await db
        .selectFrom('findings')
        .select((eb) => ['rule_id', 'severity', eb.fn.countAll<number>().as('n')])
        .where('portal_id', '=', portalId)
        .where('resolved_at', 'is', null)
        .groupBy(['rule_id', 'severity'])
        .orderBy('rule_id')
        .execute();
      return rows.map((r) => ({
        ruleId: r.rule_id,
        severity: r.severity as Severity,
        open: Number(r.n),
      }));
    },
    async record(portalId, findings, now) {
      const opened: string[] = [];
      const owing: Finding[] = [];
      for (const f of findings) {
        const fingerprint = fingerprintOf(f);
        const update = await db
          .updateTable('findings')
          .set({
            changed_at: now,
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
          .values(toFindingRow(portalId, f, now))
          .execute();
        opened.push(fingerprint);
        owing.push(f);
      }
      for (const write of holdWrites(db, portalId, alertKeysOf(owing), now)) await write.execute();
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
      return rows.map(toStoredFinding);
    },
  };
}

/** A newly opened finding as a row. */
function toStoredFinding(r: Selectable<Tables['findings']>): StoredFinding {
  return {
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
    changedAt: Number(r.changed_at),
    resolvedAt: numOrNull(r.resolved_at),
    snoozedUntil: numOrNull(r.snoozed_until),
  };
}
