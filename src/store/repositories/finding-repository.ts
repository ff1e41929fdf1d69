import { sql, type Selectable } from 'kysely';
import type { Finding, ObjectType, PortalId, Severity } from '../../domain/types.js';
import type { Tables } from '../tables.js';
import { chunks, numOrNull, parseJson, type Db } from './db.js';
import type { Write } from './upsert-rows.js';

export interface StoredFinding extends Finding {
  id: number;
  fingerprint: string;
  openedAt: number;
  lastSeenAt: number;
  resolvedAt: number | null;
  snoozedUntil: number | null;
}

/** Which open findings a set of fresh findings replaces: these rules, on these objects. */
export interface FindingScope {
  ruleIds: readonly string[];
  objectType?: ObjectType;
  /** Object ids in [from, to] (a page of a full run)… */
  range?: { from: number; to: number };
  /** …or exactly these ids (an incremental recompute). Neither: every object. */
  ids?: readonly number[];
}

export interface FindingRepository {
  /**
   * Makes the open findings in `scope` (or in any of several) equal `findings`: new ones open,
   * vanished ones resolve (kept as history), changed ones update, the rest are marked seen.
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

export const fingerprintOf = (f: Pick<Finding, 'ruleId' | 'objectType' | 'objectId'>): string =>
  `${f.ruleId}:${f.objectType}:${f.objectId}`;

/**
 * The alerts a batch of newly opened findings owes: a digest for each owner to alert (the
 * Manager of the Network's where none is named) and the Manager of the Network's summary.
 */
export function alertKeysOf(opened: readonly Pick<Finding, 'alertOwnerId'>[]): string[] {
  if (opened.length === 0) return [];
  const owners = new Set(opened.map((f) => f.alertOwnerId ?? 'manager'));
  return [...[...owners].map((o) => `digest:${o}`), 'digest-summary'];
}

/**
 * The writes recording the alerts that newly opened findings owe (the outbox's held rows), made
 * with the findings' own: a finding and its alert commit together or not at all.
 */
export type OweAlerts = (
  db: Db,
  portalId: PortalId,
  keys: readonly string[],
  now: number,
) => Write[];

/** An open finding as reconciling compares it with a fresh one. */
export interface OpenFinding {
  id: number;
  fingerprint: string;
  message: string;
  severity: string;
  details: string;
  alertOwnerId: number | null;
}

/** Whether some scope still names objects (a scope of no ids names none). */
export const inScope = (scopes: readonly FindingScope[]): boolean =>
  scopes.some((s) => !s.ids || s.ids.length > 0);

/** The open findings in any of `scopes`. */
export function openFindingsQuery(db: Db, portalId: PortalId, scopes: readonly FindingScope[]) {
  return scoped(db, portalId, scopes).select([
    'id',
    'fingerprint',
    'message',
    'severity',
    'details',
    'alert_owner_id',
  ]);
}

export const toOpenFinding = (r: {
  id: number;
  fingerprint: string;
  message: string;
  severity: string;
  details: string;
  alert_owner_id: number | null;
}): OpenFinding => ({
  id: Number(r.id),
  fingerprint: r.fingerprint,
  message: r.message,
  severity: r.severity,
  details: r.details,
  alertOwnerId: numOrNull(r.alert_owner_id),
});

/**
 * The writes that make `open` (the open findings of some scopes) equal `findings`: new ones open,
 * vanished ones resolve (kept as history), changed ones update, the rest are marked seen. A
 * handful whatever the number of findings, each on rows no other touches, so they may run as one
 * statement.
 */
export function reconcileWrites(
  db: Db,
  portalId: PortalId,
  open: readonly OpenFinding[],
  findings: readonly Finding[],
  now: number,
  owe: OweAlerts,
): { writes: Write[]; opened: number; resolved: number } {
  const byFingerprint = new Map(open.map((r) => [r.fingerprint, r]));
  const fresh = new Map(findings.map((f) => [fingerprintOf(f), f]));
  const toResolve = open.filter((r) => !fresh.has(r.fingerprint)).map((r) => r.id);
  const toInsert: Finding[] = [];
  const seen: number[] = [];
  const writes: Write[] = [];
  for (const [fingerprint, f] of fresh) {
    const existing = byFingerprint.get(fingerprint);
    if (!existing) {
      toInsert.push(f);
      continue;
    }
    const details = JSON.stringify(f.details);
    if (
      existing.message === f.message &&
      existing.severity === f.severity &&
      existing.details === details &&
      existing.alertOwnerId === f.alertOwnerId
    )
      seen.push(existing.id);
    else
      writes.push(
        db
          .updateTable('findings')
          .set({
            message: f.message,
            severity: f.severity,
            details,
            alert_owner_id: f.alertOwnerId,
            last_seen_at: now,
          })
          .where('id', '=', existing.id),
      );
  }
  for (const ids of chunks(toResolve, 1_000))
    writes.push(db.updateTable('findings').set({ resolved_at: now }).where('id', 'in', ids));
  for (const ids of chunks(seen, 1_000))
    writes.push(db.updateTable('findings').set({ last_seen_at: now }).where('id', 'in', ids));
  for (const rows of chunks(toInsert, 300))
    writes.push(db.insertInto('findings').values(rows.map((f) => toFindingRow(portalId, f, now))));
  writes.push(...owe(db, portalId, alertKeysOf(toInsert), now));
  return { writes, opened: toInsert.length, resolved: toResolve.length };
}

// Several scopes are one statement: a recompute reconciles its contacts and touches together.
function scoped(db: Db, portalId: PortalId, scopes: readonly FindingScope[]) {
  const live = scopes.filter((s) => !s.ids || s.ids.length > 0);
  return db
    .selectFrom('findings')
    .where('portal_id', '=', portalId)
    .where('resolved_at', 'is', null)
    .where((eb) =>
      eb.or(
        live.map((scope) =>
          eb.and([
            eb('rule_id', 'in', [...scope.ruleIds]),
            ...(scope.objectType ? [eb('object_type', '=', scope.objectType)] : []),
            ...(scope.range
              ? [eb('object_id', '>=', scope.range.from), eb('object_id', '<=', scope.range.to)]
              : []),
            ...(scope.ids ? [eb('object_id', 'in', [...scope.ids])] : []),
          ]),
        ),
      ),
    );
}
export function createFindingRepository(db: Db, owe: OweAlerts): FindingRepository {
  return {
    async reconcile(portalId, scope, findings, now) {
      const scopes = [scope].flat();
      if (!inScope(scopes)) return { opened: 0, resolved: 0 };
      const open = await this.openIn(portalId, scopes);
      const reconciled = reconcileWrites(db, portalId, open, findings, now, owe);
      for (const write of reconciled.writes) await write.execute();
      return { opened: reconciled.opened, resolved: reconciled.resolved };
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
    async stillOpen(portalId, fingerprints) {
      const out = new Set<string>();
      for (const batch of chunks(fingerprints, 1_000)) {
        const rows = await db
          .selectFrom('findings')
          .select('fingerprint')
          .where('portal_id', '=', portalId)
          .where('resolved_at', 'is', null)
          .where('fingerprint', 'in', batch)
          .execute();
        for (const r of rows) out.add(r.fingerprint);
      }
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
          .values(toFindingRow(portalId, f, now))
          .execute();
        opened.push(fingerprint);
        owing.push(f);
      }
      for (const write of owe(db, portalId, alertKeysOf(owing), now)) await write.execute();
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
function toFindingRow(portalId: PortalId, f: Finding, now: number) {
  return {
    portal_id: portalId,
    fingerprint: fingerprintOf(f),
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
  };
}

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
    lastSeenAt: Number(r.last_seen_at),
    resolvedAt: numOrNull(r.resolved_at),
    snoozedUntil: numOrNull(r.snoozed_until),
  };
}
