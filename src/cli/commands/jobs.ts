import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/load-config.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { gatewayFromConfig } from '../../hubspot/gateway-from-config.js';
import { JOBS } from '../../jobs/job-table.js';
import { nextRuns, runJob } from '../../jobs/scheduler.js';
import { systemClock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logger.js';
import { openStore } from '../../store/open-store.js';
import { formatTable } from '../format-table.js';
import { runCommand } from '../run-command.js';

const when = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('the scheduled jobs: their patterns, last and next runs; run one now');
  jobs
    .command('list', { isDefault: true })
    .description('each job with its cron pattern, last run and next run')
    .option('--json', 'as JSON')
    .action((raw: unknown) =>
      runCommand(async () => {
        const opts = z.object({ json: z.boolean().optional() }).parse(raw);
        const config = loadConfig();
        const { store } = await openStore(config.store);
        try {
          const [first] = await store.portals.list();
          const settings = first
            ? ((await store.settings.current(first.portalId))?.settings ?? DEFAULT_SETTINGS)
            : DEFAULT_SETTINGS;
          const last = new Map((await store.jobs.lastRuns()).map((r) => [r.job, r]));
          const rows = nextRuns(settings).map(({ job, pattern, next }) => {
            const run = last.get(job.name);
            return {
              job: job.name,
              pattern,
              timezone: settings.schedules.timezone,
              lastRun: run?.startedAt ?? null,
              lastOk: run?.ok ?? null,
              nextRun: next?.getTime() ?? null,
              description: job.description,
            };
          });
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(rows, null, 2)}\n`
              : `${formatTable(
                  ['job', 'pattern', 'last run (UTC)', 'result', 'next run (UTC)', 'what it does'],
                  rows.map((r) => [
                    r.job,
                    r.pattern,
                    when(r.lastRun),
                    r.lastOk === null ? '—' : r.lastOk ? 'ok' : 'failed',
                    when(r.nextRun),
                    r.description,
                  ]),
                )}\n`,
          );
        } finally {
          await store.close();
        }
      }),
    );
  jobs
    .command('run <name>')
    .description(`run one job now (${JOBS.map((j) => j.name).join(', ')})`)
    .action((name: string) =>
      runCommand(async () => {
        const job = JOBS.find((j) => j.name === name);
        if (!job)
          throw new ValidationError(
            `no job called "${name}"`,
            `jobs: ${JOBS.map((j) => j.name).join(', ')}`,
          );
        const config = loadConfig();
        const { store } = await openStore(config.store);
        try {
          const summary = await runJob(
            job,
            {
              store,
              gateway: config.hubspot.accessToken ? gatewayFromConfig(config) : undefined,
              clock: systemClock,
              log: createLogger({ level: config.log.level, pretty: false }),
              portalIds: async () => (await store.portals.list()).map((p) => p.portalId),
            },
            'invoked',
          );
          process.stdout.write(`${name}: ${JSON.stringify(summary)}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
