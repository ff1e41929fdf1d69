import { networkerName } from '../domain/analyze-contact.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import { DAY_MS } from '../domain/time.js';
import type { Store } from '../store/store.js';
import { loadPortalAnalysis } from '../analytics/load-context.js';
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
 * Turns the findings opened in the last day into one digest task per owner (and one for the
 * Manager of the Network with the network findings), and every departed networker's open
 * relationships into handover tasks for the first successor; digests already in HubSpot are
 * updated as their findings get resolved and completed when none is left. Dedupe keys make a
 * re-run, or a crash between enqueue and send, produce each task and change exactly once.
 */
export async function alertDigests(
  store: Store,
  portalId: number,
  now: number,
): Promise<{ digests: number; handovers: number; completed: number; updated: number }> {
  const day = new Date(now).toISOString().slice(0, 10);
  const portal = await loadPortalAnalysis(store, portalId, now);
  const manager = portal.ctx.settings.alerts.managerOwnerId;
  const recent = (
    await store.findings.history(portalId, { openedSince: now - DAY_MS, limit: 100_000 })
  ).filter((f) => f.resolvedAt === null);
  const byOwner = new Map<number, typeof recent>();
  for (const f of recent) {
    const owner = f.alertOwnerId ?? manager;
    if (owner === null) continue;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), f]);
  }
  const tasks = portal.ctx.settings.alerts.digestEnabled
    ? [...byOwner.entries()].map(([ownerId, findings]) => ({
        portalId,
        kind: 'create_task',
        dedupeKey: `digest:${ownerId}:${day}`,
        payload: {
          ownerId,
          findings: findings.map((f) => f.fingerprint),
          subject: `Rapport: ${findings.length} new data-hygiene finding${findings.length === 1 ? '' : 's'}`,
          body: [
            ...findings
              .slice(0, MAX_LINES)
              .map(
                (f) =>
                  `• ${f.message} (${f.objectType} ${f.objectId}) — ${String(f.details['fixHint'] ?? '')}`,
              ),
            ...(findings.length > MAX_LINES
              ? [`…and ${findings.length - MAX_LINES} more in Rapport.`]
              : []),
          ].join('\n'),
        },
      }))
    : [];

  // The Manager of the Network's own digest: every new finding of the day, counted by rule and
  // by the owner alerted, so the whole organization's hygiene is seen in one task.
  if (portal.ctx.settings.alerts.digestEnabled && manager !== null && recent.length > 0) {
    const byRule = countBy(recent, (f) => RULE_TITLES.get(f.ruleId) ?? f.ruleId);
    const byAlerted = countBy(recent, (f) =>
      f.alertOwnerId === null
        ? 'the Manager of the Network'
        : networkerName(portal.ctx, f.alertOwnerId),
    );
    tasks.push({
      portalId,
      kind: 'create_task',
      dedupeKey: `digest-summary:${manager}:${day}`,
      payload: {
        ownerId: manager,
        findings: [],
        subject: `Rapport: ${recent.length} new data-hygiene finding${recent.length === 1 ? '' : 's'} across the organization`,
        body: [
          'By rule:',
          ...byRule.map(([title, n]) => `• ${title}: ${n}`),
          'By person alerted:',
          ...byAlerted.slice(0, MAX_LINES).map(([name, n]) => `• ${name}: ${n}`),
        ].join('\n'),
      },
    });
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
  const digests = await store.outbox.enqueue(tasks, now);
  const created = await store.outbox.enqueue(handovers, now);
  return { digests, handovers: created, completed, updated };
}
