#!/usr/bin/env node
import { Command } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerHubspot } from './commands/hubspot.js';
import { registerImport } from './commands/import.js';
import { registerInbox } from './commands/inbox.js';
import { registerJobs } from './commands/jobs.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReport } from './commands/report.js';
import { registerRor } from './commands/ror.js';
import { registerSeedDemo } from './commands/seed-demo.js';
import { registerServe } from './commands/serve.js';

const program = new Command()
  .name('rapport')
  .description(
    'Rapport: relationship management for HubSpot. Configuration comes from the environment (see README).',
  )
  .showHelpAfterError('(add --help for usage)');

registerServe(program);
registerMigrate(program);
registerSeedDemo(program);
registerHubspot(program);
registerInbox(program);
registerAudit(program);
registerRor(program);
registerJobs(program);
registerReport(program);
registerImport(program);

await program.parseAsync(process.argv);
