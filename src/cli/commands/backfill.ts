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

const formatDuration = (seconds: number) =>
  seconds >= 3_600
    ? `${Math.floor(seconds / 3_600)} h ${Math.round((seconds % 3_600) / 60)} min`
    : seconds >= 60
      ? `${Math.round(seconds / 60)} min`
      : `${Math.ceil(seconds)} s`;

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
        const gateway = gatewayFromConfig(config);
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
            limits: config.hubspot.limits,
            shouldStop: () => stop,
            // Owners and Networking objects have no probed total: their bar runs a page ahead.
            onProgress: (p) =>
              progress.update(
                p.step,
                p.records,
                p.done ? p.records : (p.total ?? p.records + 100),
                p.etaSeconds === undefined
                  ? ''
                  : `| ${formatDuration(p.etaSeconds)} left at the rate limits`,
              ),
          });
          progress.stop();
          process.stdout.write(
            `${formatTable(
              ['object type', 'read by', 'records', 'calls', 'finished'],
              report.steps.map((s) => [
                s.objectType,
                s.path,
                s.records,
                s.calls,
                s.done ? 'yes' : 'no',
              ]),
            )}\n${fmt(report.calls)} API calls (the fewest these counts need on these paths: ${fmt(report.minimumCalls)}) in ${report.seconds} s; the rate limits (${config.hubspot.limits.requestsPer10s} per 10 s, ${config.hubspot.limits.searchesPerSecond} searches per s) allow no less than ${report.boundSeconds} s for them\n`,
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
