import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { gatewayFromConfig } from '../../hubspot/gateway-from-config.js';
import { assembleProject } from '../../hubspot/project/assemble-project.js';
import { runSetup } from '../../hubspot/setup/run-setup.js';
import { ValidationError } from '../../shared/errors.js';
import { runCommand } from '../run-command.js';
import { registerBackfill } from './backfill.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

export function registerHubspot(program: Command): void {
  const hubspot = program
    .command('hubspot')
    .description('work with the connected HubSpot portal and the HubSpot project');
  registerBackfill(hubspot);

  hubspot
    .command('setup')
    .description(
      'create or complete the custom objects, properties and association labels Rapport needs (never deletes or retypes)',
    )
    .option('--dry-run', 'print the plan only')
    .action((opts: { dryRun?: boolean }) =>
      runCommand(async () => {
        const config = loadConfig();
        const outcome = await runSetup(gatewayFromConfig(config), {
          dryRun: opts.dryRun === true,
          print,
        });
        if (outcome.plan.conflicts.length > 0) {
          throw new ValidationError(
            `${outcome.plan.conflicts.length} conflict(s) need a person`,
            'resolve the conflicts listed above in HubSpot, then run setup again',
          );
        }
      }),
    );

  hubspot
    .command('project')
    .description(
      'assemble the directory `hs project upload` takes from app.json, extensions/ and webhooks/',
    )
    .option('--out <dir>', 'output folder', 'hubspot-project')
    .option(
      '--base-url <url>',
      'public https address of this service (default: RAPPORT_PUBLIC_BASE_URL)',
    )
    .action((opts: { out: string; baseUrl?: string }) =>
      runCommand(async () => {
        const config = loadConfig();
        const baseUrl = opts.baseUrl ?? config.publicBaseUrl;
        if (!baseUrl)
          throw new ValidationError(
            'no public base URL to put into the project',
            'set RAPPORT_PUBLIC_BASE_URL=https://… or pass --base-url',
          );
        const out = path.resolve(opts.out);
        const { files } = assembleProject(process.cwd(), out, baseUrl);
        print(
          `assembled ${files.length} files into ${out}; next: cd ${path.relative(process.cwd(), out) || '.'} && hs project upload`,
        );
      }),
    );
}
