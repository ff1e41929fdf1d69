import type { Command } from 'commander';
import { z } from 'zod';
import { loadPortalAnalysis } from '../../analytics/load-context.js';
import { rorReport, type RorReport, type RorScope } from '../../analytics/ror-report.js';
import { loadConfig } from '../../config/load-config.js';
import { DAY_MS } from '../../domain/time.js';
import { ValidationError } from '../../shared/errors.js';
import { openStore } from '../../store/open-store.js';
import { resolvePortal, toDate, toInt } from '../arguments.js';
import { day, fmt, formatTable } from '../format-table.js';
import { runCommand } from '../run-command.js';

const optionsSchema = z.object({
  portalId: z.string().optional(),
  team: z.string().min(1).optional(),
  owner: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  expand: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function registerRor(program: Command): void {
  program
    .command('ror')
    .description(
      'Return-on-Relationship of the organization, a team or a networker over a period, with its components',
    )
    .option('--portal-id <id>', 'the portal (default: the store’s only portal)')
    .option('--team <name>', 'a Networking Team, by name or id (default: the organization)')
    .option('--owner <id>', 'a networker, by HubSpot owner id')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 365 days before --to)')
    .option('--to <date>', 'day after the last, YYYY-MM-DD (default: today)')
    .option('--expand', 'list every touch the investment is made of')
    .option('--json', 'print the report as JSON')
    .action((raw: unknown) =>
      runCommand(async () => {
        const opts = optionsSchema.parse(raw);
        if (opts.team !== undefined && opts.owner !== undefined)
          throw new ValidationError('give --team or --owner, not both');
        const config = loadConfig();
        const { store } = await openStore(config.store);
        try {
          const portalId = await resolvePortal(store, opts.portalId);
          const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
          const to = opts.to === undefined ? today + DAY_MS : toDate('--to', opts.to);
          const from = opts.from === undefined ? to - 365 * DAY_MS : toDate('--from', opts.from);
          if (from >= to) throw new ValidationError('--from must be before --to');
          const portal = await loadPortalAnalysis(store, portalId, Date.now());
          let scope: RorScope = { kind: 'portal' };
          if (opts.team !== undefined) {
            const wanted = opts.team.trim().toLowerCase();
            const team = portal.network.teams.find(
              (t) => t.name.toLowerCase() === wanted || String(t.teamId) === wanted,
            );
            if (!team)
              throw new ValidationError(
                `no Networking Team called "${opts.team}"`,
                `teams: ${portal.network.teams.map((t) => t.name).join('; ') || 'none'}`,
              );
            scope = { kind: 'team', teamId: team.teamId };
          } else if (opts.owner !== undefined) {
            const ownerId = toInt('--owner', opts.owner);
            if (!portal.ctx.owners.has(ownerId))
              throw new ValidationError(`no networker with owner id ${ownerId}`);
            scope = { kind: 'owner', ownerId };
          }
          const report = await rorReport(store, portal, scope, { from, to });
          const touches = opts.expand
            ? await store.touches.byOwners(portalId, report.networkers, { from, to })
            : undefined;
          process.stdout.write(
            opts.json
              ? `${JSON.stringify({ ...report, ...(touches ? { touches } : {}) }, null, 2)}\n`
              : renderRor(report, touches),
          );
        } finally {
          await store.close();
        }
      }),
    );
}

export function renderRor(
  r: RorReport,
  touches?: readonly {
    touchId: number;
    ownerId: number | null;
    type: string;
    occurredAt: number;
  }[],
): string {
  const attributed = r.deals.filter((d) => d.attribution !== null);
  const lines = [
    `Return-on-Relationship of ${r.scope.name}, ${day(r.period.from)} to ${day(r.period.to)}: ${r.ror ?? 'n/a (no investment)'}`,
    '',
    formatTable(
      ['return', 'amount'],
      [
        ['sourced deals', r.return.sourced],
        ['influenced deals', r.return.influenced],
        ['introductions', r.return.introductions],
        ['referrals', r.return.referrals],
        ['total return', r.return.total],
      ],
    ),
    '',
    formatTable(
      ['investment', 'count', 'unit cost', 'cost'],
      [
        ...r.investment.touches.map((t) => [t.type, t.count, t.unitCost, t.cost] as const),
        ['networking activities', r.investment.activities.length, '', r.investment.activityCost],
        ['total investment', '', '', r.investment.total],
      ],
    ),
  ];
  if (attributed.length > 0)
    lines.push(
      '',
      `Deals behind the return (${attributed.length} of ${r.deals.length} won deals in the period):`,
      formatTable(
        ['deal', 'id', 'amount', 'attribution', 'weight', 'value', 'touches'],
        attributed.map((d) => [
          d.name ?? '—',
          String(d.dealId),
          d.amount,
          d.attribution ?? '',
          d.weight,
          d.value,
          d.touchIds.length,
        ]),
      ),
    );
  if (r.investment.activities.length > 0)
    lines.push(
      '',
      formatTable(
        ['activity', 'id', 'cost'],
        r.investment.activities.map((a) => [a.name, String(a.activityId), a.cost]),
      ),
    );
  if (touches)
    lines.push(
      '',
      `Touches behind the investment (${fmt(touches.length)}):`,
      formatTable(
        ['touch', 'networker', 'type', 'day'],
        touches.map((t) => [
          String(t.touchId),
          String(t.ownerId ?? '—'),
          t.type,
          day(t.occurredAt),
        ]),
      ),
    );
  return `${lines.join('\n')}\n`;
}
