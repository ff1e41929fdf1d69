import type { Command } from 'commander';
import { z } from 'zod';
import { runAudit } from '../../analytics/run-audit.js';
import { loadConfig } from '../../config/load-config.js';
import { gatewayFromConfig } from '../../hubspot/gateway-from-config.js';
import { backfill } from '../../ingest/backfill.js';
import { systemClock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import { openStore } from '../../store/open-store.js';
import { fmt, formatTable } from '../format-table.js';
import { createProgress } from '../progress.js';
import { runCommand } from '../run-command.js';

/** `rapport hubspot backfill`: the first fill of the mirror, resumable, then the first audit. */
export function registerBackfill(hubspot: Command): void {
  hubspot
    .command('backfill')
    .description(
      'copy owners, companies, contacts, deals, engagements and Networking objects from HubSpot into the mirror; resumes where it stopped',
    )
    .option('--restart', 'start over from the first page of every object type')
    .option('--no-audit', 'do not run the audit at the end')
    .action((raw: unknown) =>
      runCommand(async () => {
        const opts = z.object({ restart: z.boolean().optional(), audit: z.boolean() }).parse(raw);
        const config = loadConfig();
        const portalId = config.hubspot.portalId;
        if (portalId === undefined)
          throw new ValidationError(
            'HUBSPOT_PORTAL_ID is not set',
            'set it to the id of the portal to copy',
          );
        let calls = 0;
        const gateway = gatewayFromConfig(config, { onCall: () => (calls += 1) });
        const { store } = await openStore(config.store);
        const progress = createProgress();
        // First Ctrl-C: finish the page in hand (its checkpoint is saved with it), then stop.
        let stop = false;
        const onSignal = () => {
          if (stop) process.exit(130);
          stop = true;
          process.stderr.write('\nstopping after this page; run the command again to resume\n');
        };
        process.on('SIGINT', onSignal);
        try {
          const report = await backfill({
            store,
            gateway,
            clock: systemClock,
            portalId,
            restart: opts.restart === true,
            calls: () => calls,
            shouldStop: () => stop,
            // Totals are unknown until a type is done: the bar runs a page ahead of the records.
            onProgress: (p) =>
              progress.update(p.step, p.records, p.done ? p.records : p.records + 100),
          });
          progress.stop();
          process.stdout.write(
            `${formatTable(
              ['object type', 'records', 'calls', 'finished'],
              report.steps.map((s) => [s.objectType, s.records, s.calls, s.done ? 'yes' : 'no']),
            )}\n${fmt(report.calls)} API calls (the fewest possible for these counts: ${fmt(report.minimumCalls)}) in ${report.seconds} s (budget ${config.hubspot.limits.requestsPer10s} calls per 10 s)\n`,
          );
          if (report.stopped) {
            process.stdout.write('stopped early: run `rapport hubspot backfill` again to resume\n');
            return;
          }
          if (opts.audit) {
            const audit = await runAudit(store, portalId, { asOf: Date.now(), now: Date.now() });
            process.stdout.write(
              `audit: ${fmt(audit.contacts)} contacts, ${fmt(audit.findings.open)} open findings\n`,
            );
          }
        } finally {
          process.off('SIGINT', onSignal);
          progress.stop();
          await store.close();
        }
      }),
    );
}
