import cron, { type ScheduledTask } from 'node-cron';
import { hostname } from 'node:os';
import { DEFAULT_SETTINGS, type Settings } from '../domain/settings.js';
import { JOBS, type Job, type JobContext } from './job-table.js';

/**
 * Runs a job now and records the run (both the schedule and `rapport jobs run` come through here).
 */
export async function runJob(job: Job, ctx: JobContext, reason: 'scheduled' | 'invoked') {
  const id = await ctx.store.jobs.start(job.name, reason, ctx.clock.now());
  try {
    const summary = await job.run(ctx);
    await ctx.store.jobs.finish(id, ctx.clock.now(), true, summary);
    (job.quiet ? ctx.log.debug : ctx.log.info).call(
      ctx.log,
      { job: job.name, summary },
      'job finished',
    );
    return summary;
  } catch (error) {
    await ctx.store.jobs.finish(id, ctx.clock.now(), false, { error: (error as Error).message });
    ctx.log.error({ err: error, job: job.name }, 'job failed');
    throw error;
  }
}

/**
 * node-cron tasks for every job, with the patterns and time zone of the settings. `noOverlap` keeps
 * one run of a job at a time in this process; across processes sharing a database, each firing is
 * claimed in the store (an insert on a unique key: the first process wins), so it runs once.
 */
export function startScheduler(ctx: JobContext, settings: Settings = DEFAULT_SETTINGS) {
  const processId = `${hostname()}:${process.pid}`;
  const tasks: ScheduledTask[] = [];
  for (const job of JOBS) {
    if (job.needsHubspot && !ctx.gateway) continue;
    const pattern = job.pattern(settings.schedules);
    if (!cron.validate(pattern)) {
      ctx.log.error({ job: job.name, pattern }, 'invalid cron pattern; job not scheduled');
      continue;
    }
    tasks.push(
      cron.schedule(
        pattern,
        async () => {
          await runJob(job, ctx, 'scheduled').catch(() => undefined);
        },
        {
          name: job.name,
          timezone: settings.schedules.timezone,
          noOverlap: true,
          distributed: true,
          runCoordinator: {
            shouldRun: (key) =>
              ctx.store.jobs.claim(`${job.name}:${key}`, processId, ctx.clock.now()),
          },
        },
      ),
    );
  }
  return {
    tasks,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}

/** Next firing of each job, for `rapport jobs`. */
export function nextRuns(
  settings: Settings = DEFAULT_SETTINGS,
): { job: Job; pattern: string; next: Date | null }[] {
  return JOBS.map((job) => {
    const pattern = job.pattern(settings.schedules);
    if (!cron.validate(pattern)) return { job, pattern, next: null };
    const task = cron.createTask(pattern, () => undefined, {
      timezone: settings.schedules.timezone,
    });
    // An unstarted task has no next run; the next of its runs is the same thing.
    const [next = null] = task.getNextRuns(1);
    void task.destroy();
    return { job, pattern, next };
  });
}
