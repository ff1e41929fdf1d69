import type { Command } from 'commander';
import { z } from 'zod';
import { runAudit, type AuditReport } from '../../analytics/run-audit.js';
import { loadConfig } from '../../config/load-config.js';
import { openStore } from '../../store/open-store.js';
import { resolvePortal, toDate, toInt } from '../arguments.js';
import { day, fmt, formatTable, pct } from '../format-table.js';
import { createProgress } from '../progress.js';
import { runCommand } from '../run-command.js';

const optionsSchema = z.object({
  portalId: z.string().optional(),
  asOf: z.string().optional(),
  pageSize: z.string().optional(),
  json: z.boolean().optional(),
  snapshot: z.boolean(),
});

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'run the full audit: relationship strength, risks, data hygiene and KPIs for every contact; writes findings and this month’s snapshot',
    )
    .option('--portal-id <id>', 'the portal to audit (default: the store’s only portal)')
    .option('--as-of <date>', 'compute as of this day, YYYY-MM-DD (default: now)')
    .option('--page-size <n>', 'contacts per page (memory vs. round trips)', '5000')
    .option('--no-snapshot', 'do not write the KPI snapshot of the month')
    .option('--json', 'print the full report as JSON')
    .action((raw: unknown) =>
      runCommand(async () => {
        const opts = optionsSchema.parse(raw);
        const config = loadConfig();
        const { store } = await openStore(config.store);
        const progress = createProgress();
        try {
          const portalId = await resolvePortal(store, opts.portalId);
          const now = Date.now();
          const report = await runAudit(store, portalId, {
            asOf: opts.asOf === undefined ? now : toDate('--as-of', opts.asOf),
            now,
            pageSize: Math.max(100, toInt('--page-size', opts.pageSize ?? '5000')),
            snapshot: opts.snapshot,
            onProgress: (p) => progress.update(p.phase, p.done, p.total),
          });
          progress.stop();
          process.stdout.write(
            opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderAudit(report),
          );
        } finally {
          progress.stop();
          await store.close();
        }
      }),
    );
}

export function renderAudit(r: AuditReport): string {
  const out: string[] = [];
  out.push(
    `Audit of portal ${r.portalId} as of ${day(r.asOf)}: ${fmt(r.contacts)} contacts, ${fmt(r.relationships)} relationships in ${(r.durationMs / 1000).toFixed(1)} s`,
    `Findings: ${fmt(r.findings.open)} open (${fmt(r.findings.opened)} opened and ${fmt(r.findings.resolved)} resolved by this run)`,
    '',
    formatTable(
      ['rule', 'title', 'kind', 'severity', 'open'],
      r.rules.map((x) => [x.ruleId, x.title, x.category, x.severity, x.open]),
    ),
    '',
    `Hygiene score: organization ${fmt(r.organization.hygieneScore)}/100`,
    `Risks among key stakeholders: ${fmt(r.risks.singleThreaded)} single-threaded, ${fmt(r.risks.unthreaded)} without a thread, ${fmt(r.risks.cold)} cold, ${fmt(r.risks.orphaned)} orphaned relationships, ${fmt(r.risks.ownerMismatch)} owner mismatches`,
  );
  if (r.atRisk.length > 0)
    out.push(
      '',
      'Top at-risk relationships:',
      formatTable(
        ['risk', 'contact', 'id', 'strongest', 'threads', 'max strength'],
        r.atRisk.map((a) => [
          a.flag,
          a.name,
          String(a.contactId),
          a.strongest ?? '—',
          a.threads,
          a.maxScore,
        ]),
      ),
    );
  if (r.concentration.length > 0)
    out.push(
      '',
      'Key-person concentration (companies with ≥ 3 strong ties):',
      formatTable(
        ['company', 'strong ties', 'top networker', 'top share', 'HHI'],
        r.concentration.map((c) => [c.name, c.strongTies, c.top ?? '—', pct(c.topShare), c.hhi]),
      ),
    );
  const k = r.organization;
  out.push(
    '',
    `KPIs, ${day(r.period.from)} to ${day(r.period.to)}: coverage ${pct(k.coverage)}, average strength ${fmt(k.averageStrength)}, ${fmt(k.touches)} touches, ${fmt(k.newStrongTies)} new strong ties, RoR ${k.ror ?? 'n/a'}`,
    formatTable(
      ['team', 'coverage', 'avg strength', 'touches', 'new strong ties', 'hygiene', 'RoR'],
      r.teams.map((t) => [
        t.name,
        pct(t.coverage),
        t.averageStrength,
        t.touches,
        t.newStrongTies,
        t.hygieneScore,
        t.ror ?? 'n/a',
      ]),
    ),
  );
  const weakest = [...r.networkers]
    .filter((n) => n.active)
    .sort((a, b) => a.crmUsage.score - b.crmUsage.score)
    .slice(0, 5);
  if (weakest.length > 0)
    out.push(
      '',
      'Lowest CRM-usage scores (training nudges in --json):',
      formatTable(
        ['networker', 'CRM usage', 'logged on time', 'complete', 'duplicates'],
        weakest.map((n) => [
          n.name,
          n.crmUsage.score,
          pct(n.crmUsage.timelyShare),
          pct(n.crmUsage.completeShare),
          n.crmUsage.duplicatesOwned,
        ]),
      ),
    );
  for (const h of r.handovers)
    out.push(
      '',
      `Handover of ${r.networkers.find((n) => n.ownerId === h.ownerId)?.name ?? h.ownerId} (left ${h.archivedAt === null ? '?' : day(h.archivedAt)}): ${fmt(h.carried)} relationships carried, ${fmt(h.carriedOver)} carried over`,
    );
  if (r.snapshotPeriod) out.push('', `Snapshot written for ${r.snapshotPeriod}.`);
  return `${out.join('\n')}\n`;
}
