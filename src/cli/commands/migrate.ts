import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { openStore } from '../../store/open-store.js';
import { runCommand } from '../run-command.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the store or bring its schema up to date, then exit')
    .action(() =>
      runCommand(async () => {
        const config = loadConfig();
        const { store, migrations } = await openStore(config.store);
        await store.close();
        process.stdout.write(
          migrations.applied.length > 0
            ? `${store.location}: applied ${migrations.applied.join(', ')}\n`
            : `${store.location}: already at ${migrations.current ?? 'the latest schema'}\n`,
        );
      }),
    );
}
