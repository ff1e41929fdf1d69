import { networkerName } from '../domain/analyze-contact.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import type { OpenedFinding, StoredFinding } from '../store/repositories/finding-repository.js';
import type { Store } from '../store/store.js';
import { groupBy } from '../shared/group-by.js';
import { loadPortalAnalysis, type PortalAnalysis } from '../analytics/load-context.js';
import { handoverFor } from '../analytics/handover-report.js';

const MAX_LINES = 25;
const RULE_TITLES = new Map(ALL_RULES.map((r) => [r.id, r.title]));

/** Counts per key, largest first. */
function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * One owner's digest of the findings opened for them since their alert was first owed: all of
 * them counted and listed for tracking, the first `MAX_LINES` (`lines`, read in full) spelled out.
 */
function ownerDigest(
  portalId: number,
  ownerId: number,
  day: string,
  findings: readonly OpenedFinding[],
  lines: readonly StoredFinding[],
) {
  return {
    portalId,
    kind: 'create_task',
    dedupeKey: `digest:${ownerId}:${day}`,
    payload: {
      ownerId,
      findings: findings.map((f) => f.fingerprint),
      subject: `Rapport: ${findings.length} new data-hygiene finding${findings.length === 1 ? '' : 's'}`,
      body: [
        ...lines.map(
          (f) =>
            `• ${f.message} (${f.objectType} ${f.objectId}) — ${String(f.details['fixHint'] ?? '')}`,
        ),
        ...(findings.length > MAX_LINES
          ? [`…and ${findings.length - MAX_LINES} more in Rapport.`]
          : []),
      ].join('\n'),
    },
  };
}

/** The Manager of the Network's summary: every new finding, by rule and by the person alerted. */
function managerSummary(
  portalId: number,
  ownerId: number,
  day: string,
  findings: readonly OpenedFinding[],
  portal: PortalAnalysis,
) {
  const byRule = countBy(findings, (f) => RULE_TITLES.get(f.ruleId) ?? f.ruleId);
  const byAlerted = countBy(findings, (f) =>
    f.alertOwnerId === null
      ? 'the Manager of the Network'
      : networkerName(portal.ctx, f.alertOwnerId),
  );
  return {
    portalId,
    kind: 'create_task',
    dedupeKey: `digest-summary:${ownerId}:${day}`,
    payload: {
      ownerId,
      findings: [],
      subject: `Rapport: ${findings.length} new data-hygiene finding${findings.length === 1 ? '' : 's'} across the organization`,
      body: [
        'By rule:',
        ...byRule.map(([title, n]) => `• ${title}: ${n}`),
        'By person alerted:',
        ...byAlerted.slice(0, MAX_LINES).map(([name, n]) => `• ${name}: ${n}`),
      ].join('\n'),
    },
  };
}

/**
 * Sends the alerts the findings owe and keeps the tasks already in HubSpot true. Opening a
 * finding holds an outbox row in the same transaction (`digest:<owner>` and `digest-summary`,
 * see finding-repository.ts), so a crash can lose neither; this job composes each held row into
 * its task — one digest per owner per day of the findings opened since the row was first held
 * and still open, the Manager of the Network's summary of every one by rule and by person
 * alerted — and releases it to the sender under a dedupe key of the day, so a re-run or a crash
 * between release and send produces each task once. A second release the same day waits for the
 * next. It also turns every departed networker's open relationships into handover tasks for the
 * first successor, and updates or completes digests as their findings get resolved.
 */
export async function alertDigests(
  store: Store,
  portalId: number,
  now: number,
): Promise<{ digests: number; handovers: number; completed: number; updated: number }> {
  const day = new Date(now).toISOString().slice(0, 10);
  const portal = await loadPortalAnalysis(store, portalId, now);
  const { managerOwnerId: manager, digestEnabled } = portal.ctx.settings.alerts;

  // Held rows by the task they become: findings with no owner to alert go to the Manager of the
  // Network's digest, with any of their own.
  const held = await store.outbox.held(portalId);
  const groups = new Map<string, { rows: typeof held; ownerId: number | null }>();
  for (const row of held) {
    const summary = row.key === 'digest-summary';
    const ownerId =
      summary || row.key === 'digest:manager' ? manager : Number(row.key.slice('digest:'.length));
    const group = summary ? 'summary' : `digest:${ownerId}`;
    const entry = groups.get(group) ?? { rows: [], ownerId };
    entry.rows.push(row);
    groups.set(group, entry);
  }
  // Every finding still open since the oldest alert owed (all of them: a digest that missed some
  // would drop its owner's alert as having nothing to say), by whom each alerts; newest first.
  const opened =
    held.length === 0
      ? []
      : await store.findings.openedSince(portalId, Math.min(...held.map((h) => h.since)));
  const alerting = groupBy(opened, (f) => f.alertOwnerId ?? manager ?? -1);

  let digests = 0;
  for (const [group, { rows, ownerId }] of groups) {
    const from = Math.min(...rows.map((r) => r.since));
    const findings = (
      group === 'summary' ? opened : ownerId === null ? [] : (alerting.get(ownerId) ?? [])
    ).filter((f) => f.openedAt >= from);
    const ids = rows.map((r) => r.id);
    // Nothing to say (digests off, no one to tell, everything resolved already): forgotten.
    if (!digestEnabled || ownerId === null || findings.length === 0) {
      await store.outbox.dropHeld(ids);
      continue;
    }
    const message =
      group === 'summary'
        ? managerSummary(portalId, ownerId, day, findings, portal)
        : ownerDigest(portalId, ownerId, day, findings, await linesOf(store, portalId, findings));
    if (await store.transaction((repos) => repos.outbox.release(ids, message, now))) digests += 1;
  }

  const handovers = [];
  for (const o of portal.ctx.owners.values()) {
    if (!o.archived) continue;
    for (const item of (await handoverFor(store, portal, o.ownerId)).items) {
      const successor = item.successors[0];
      if (item.carriedOver || !successor) continue;
      handovers.push({
        portalId,
        kind: 'create_task',
        dedupeKey: `handover:${o.ownerId}:${item.contactId}`,
        payload: {
          ownerId: successor.ownerId,
          contactId: item.contactId,
          subject: `Take over ${networkerName(portal.ctx, o.ownerId)}'s relationship`,
          body: `${networkerName(portal.ctx, o.ownerId)} has left. Their relationship (strength ${Math.round(item.scoreAtDeparture)} when they left) should not be lost: meet this contact within the month.`,
        },
      });
    }
  }
  // A digest whose findings are all resolved is completed in HubSpot, once; one with some
  // resolved is updated to list only those still open, once per change in that number.
  const sent = await store.outbox.sentWithPrefix(portalId, 'digest:');
  const listedOf = (m: (typeof sent)[number]) =>
    (m.payload as { findings?: string[] }).findings ?? [];
  const open = await store.findings.stillOpen(portalId, sent.flatMap(listedOf));
  const completions = sent.flatMap((m) => {
    const listed = listedOf(m);
    const stillOpen = listed.filter((f) => open.has(f));
    if (!m.remoteId || listed.length === 0 || stillOpen.length === listed.length) return [];
    if (stillOpen.length === 0)
      return [
        {
          portalId,
          kind: 'complete_task',
          dedupeKey: `done:${m.dedupeKey}`,
          payload: { taskId: m.remoteId },
        },
      ];
    // The body's lines follow the listed findings' order (the first MAX_LINES of them).
    const lines = String((m.payload as { body?: string }).body ?? '').split('\n');
    const kept = listed.flatMap((f, i) => (open.has(f) && i < MAX_LINES ? [lines[i] ?? ''] : []));
    const hidden = stillOpen.length - kept.length;
    return [
      {
        portalId,
        kind: 'update_task',
        dedupeKey: `update:${m.dedupeKey}:${stillOpen.length}`,
        payload: {
          taskId: m.remoteId,
          subject: `Rapport: ${stillOpen.length} data-hygiene finding${stillOpen.length === 1 ? '' : 's'} still open`,
          body: [
            ...kept,
            ...(hidden > 0 ? [`…and ${hidden} more in Rapport.`] : []),
            `${listed.length - stillOpen.length} of ${listed.length} resolved since this task was created.`,
          ].join('\n'),
        },
      },
    ];
  });
  const updated = await store.outbox.enqueue(
    completions.filter((c) => c.kind === 'update_task'),
    now,
  );
  const completed = await store.outbox.enqueue(
    completions.filter((c) => c.kind === 'complete_task'),
    now,
  );
  const created = await store.outbox.enqueue(handovers, now);
  return { digests, handovers: created, completed, updated };
}

/** The first `MAX_LINES` of a digest's findings, read in full, in its order. */
async function linesOf(
  store: Store,
  portalId: number,
  findings: readonly OpenedFinding[],
): Promise<StoredFinding[]> {
  const first = findings.slice(0, MAX_LINES);
  const full = new Map(
    (
      await store.findings.openWithFingerprints(
        portalId,
        first.map((f) => f.fingerprint),
      )
    ).map((f) => [f.fingerprint, f]),
  );
  return first.flatMap((f) => full.get(f.fingerprint) ?? []);
}
