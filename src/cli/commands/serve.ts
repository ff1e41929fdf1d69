import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { startService } from '../../main.js';
import { createLogger } from '../../shared/logger.js';
import { createProgress } from '../progress.js';
import { runCommand } from '../run-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the service: migrate the store, seed the demo organization when empty, answer HTTP',
    )
    .action(() =>
      runCommand(async () => {
        const config = loadConfig();
        const pretty =
          config.log.format === 'pretty' ||
          (config.log.format === 'auto' && process.stdout.isTTY === true);
        const log = createLogger({ level: config.log.level, pretty });
        const progress = createProgress();
        const service = await startService(config, log, {
          onSeedProgress: (p) => progress.update(`seed ${p.phase}`, p.done, p.total),
          onReady: (summary) => {
            progress.stop();
            process.stdout.write(`${summary.join('\n')}\n`);
          },
        });
        let stopping = false;
        const shutdown = (signal: string) => {
          if (stopping) {
            log.warn({ signal }, 'second signal: exiting now');
            process.exit(1);
          }
          stopping = true;
          log.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
          service.stop().then(
            () => {
              log.info('stopped');
              process.exitCode = 0;
            },
            (error: unknown) => {
              log.error({ err: error }, 'shutdown failed');
              process.exitCode = 1;
            },
          );
        };
        process.once('SIGTERM', () => shutdown('SIGTERM'));
        process.once('SIGINT', () => shutdown('SIGINT'));
      }),
    );
}
