import { type Command, Option } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { resolveDemoOptions } from '../../demo/demo-options.js';
import { seedDemo } from '../../demo/seed-demo.js';
import { describeStats } from '../../main.js';
import { openStore } from '../../store/open-store.js';
import { toDate, toInt } from '../arguments.js';
import { createProgress } from '../progress.js';
import { runCommand } from '../run-command.js';

const SIZES = [
  'networkers',
  'departed',
  'contacts',
  'companies',
  'touches',
  'deals',
  'teams',
  'activities',
] as const;

export function registerSeedDemo(program: Command): void {
  const command = program
    .command('seed-demo')
    .description(
      'load a deterministic demo organization (with realistic data flaws) into a new portal of the store',
    )
    .option(
      '--portal-id <id>',
      'portal id of the demo organization (default: RAPPORT_DEMO_PORTAL_ID)',
    )
    .option('--seed <n>', 'random seed (default: RAPPORT_DEMO_SEED)')
    .option('--as-of <date>', 'the day the history ends, YYYY-MM-DD (default: today)')
    .option('--json', 'print the planted-flaw manifest as JSON');
  for (const size of SIZES) command.addOption(new Option(`--${size} <n>`, `number of ${size}`));
  command.action((opts: Record<string, string | boolean | undefined>) =>
    runCommand(async () => {
      const config = loadConfig();
      const input: Record<string, number> = {
        portalId:
          opts['portalId'] === undefined
            ? config.demo.portalId
            : toInt('--portal-id', opts['portalId']),
        seed: opts['seed'] === undefined ? config.demo.seed : toInt('--seed', opts['seed']),
      };
      for (const size of SIZES)
        if (opts[size] !== undefined) input[size] = toInt(`--${size}`, opts[size]);
      if (opts['asOf'] !== undefined) input['asOf'] = toDate('--as-of', opts['asOf']);
      const options = resolveDemoOptions(input);

      const { store } = await openStore(config.store);
      const progress = createProgress();
      const started = Date.now();
      try {
        const { manifest } = await seedDemo(store, options, (p) =>
          progress.update(p.phase, p.done, p.total),
        );
        progress.stop();
        const stats = await store.portals.stats(options.portalId);
        if (opts['json']) {
          process.stdout.write(
            `${JSON.stringify({ portalId: options.portalId, stats, manifest: { counts: manifest.counts, totals: manifest.totals } }, null, 2)}\n`,
          );
        } else {
          process.stdout.write(
            `seeded portal ${options.portalId} into ${store.location} in ${((Date.now() - started) / 1000).toFixed(1)} s\n  ${describeStats(stats)}\n`,
          );
        }
      } finally {
        progress.stop();
        await store.close();
      }
    }),
  );
}
