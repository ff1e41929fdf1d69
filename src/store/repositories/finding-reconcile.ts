import type { Finding, ObjectType, PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { numOrNull, type Db } from './db.js';
import { idBatches, idIn, insertWrites, type ColumnTypes } from './insert-rows.js';
import type { Write } from './upsert-rows.js';

/** Which open findings a set of fresh findings replaces: these rules, on these objects. */
export interface FindingScope {
  ruleIds: readonly string[];
  objectType?: ObjectType;
  /** Object ids in [from, to] (a page of a full run)… */
  range?: { from: number; to: number };
  /** …or exactly these ids (an incremental recompute). Neither: every object. */
  ids?: readonly number[];
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
 * What makes `open` (the open findings of some scopes) equal `findings`: new ones open, vanished
 * ones resolve (kept as history), changed ones update; the rest need no write.
 */
export interface Reconciliation {
  updates: {
    id: number;
    message: string;
    severity: string;
    details: string;
    alert_owner_id: number | null;
  }[];
  resolved: number[];
  opened: ReturnType<typeof toFindingRow>[];
  /** The alerts the opened findings owe (`alertKeysOf`). */
  alertKeys: string[];
  now: number;
}

export function reconciliation(
  portalId: PortalId,
  open: readonly OpenFinding[],
  findings: readonly Finding[],
  now: number,
): Reconciliation {
  const byFingerprint = new Map(open.map((r) => [r.fingerprint, r]));
  const fresh = new Map(findings.map((f) => [fingerprintOf(f), f]));
  const opened: Finding[] = [];
  const updates: Reconciliation['updates'] = [];
  for (const [fingerprint, f] of fresh) {
    const existing = byFingerprint.get(fingerprint);
    if (!existing) {
      opened.push(f);
      continue;
    }
    const details = JSON.stringify(f.details);
    // An unchanged finding is not written: being open already says the audit still finds it.
    if (
      existing.message !== f.message ||
      existing.severity !== f.severity ||
      existing.details !== details ||
      existing.alertOwnerId !== f.alertOwnerId
    )
      updates.push({
        id: existing.id,
        message: f.message,
        severity: f.severity,
        details,
        alert_owner_id: f.alertOwnerId,
      });
  }
  return {
    updates,
    resolved: open.filter((r) => !fresh.has(r.fingerprint)).map((r) => r.id),
    opened: opened.map((f) => toFindingRow(portalId, f, now)),
    alertKeys: alertKeysOf(opened),
    now,
  };
}

/**
 * The writes of a reconciliation but its alerts: a handful whatever the number of findings, each
 * on rows no other touches, so they may run as one statement.
 */
export function reconcileWrites(db: Db, dialect: Dialect, r: Reconciliation): Write[] {
  return [
    ...r.updates.map(({ id, ...set }) =>
      db
        .updateTable('findings')
        .set({ ...set, changed_at: r.now })
        .where('id', '=', id),
    ),
    ...idBatches(dialect, r.resolved).map((ids) =>
      db
        .updateTable('findings')
        .set({ resolved_at: r.now })
        .where(idIn(dialect, 'id', ids)),
    ),
    ...insertWrites(db, dialect, 'findings', FINDING_COLUMNS, r.opened),
  ];
}

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

/** The columns of `toFindingRow`, as PostgreSQL types them. */
const FINDING_COLUMNS: ColumnTypes<'findings'> = {
  portal_id: 'bigint',
  fingerprint: 'text',
  rule_id: 'text',
  object_type: 'text',
  object_id: 'bigint',
  severity: 'text',
  alert_owner_id: 'bigint',
  message: 'text',
  details: 'text',
  opened_at: 'bigint',
  changed_at: 'bigint',
  resolved_at: 'bigint',
};

export function toFindingRow(portalId: PortalId, f: Finding, now: number) {
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
    changed_at: now,
    resolved_at: null,
  };
}
