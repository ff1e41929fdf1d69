import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/load-config.js';
import { loadReport } from '../../report/report-data.js';
import { renderReport } from '../../report/render-report.js';
import { StoreError } from '../../shared/errors.js';
import { openStore } from '../../store/open-store.js';
import { resolvePortal } from '../arguments.js';
import { runCommand } from '../run-command.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the network report as one self-contained HTML file (charts included)')
    .option('--out <file>', 'where to write it', 'report.html')
    .option('--portal-id <id>', 'the portal (default: the store’s only portal)')
    .action((raw: unknown) =>
      runCommand(async () => {
        const opts = z
          .object({ out: z.string().min(1), portalId: z.string().optional() })
          .parse(raw);
        const config = loadConfig();
        const { store } = await openStore(config.store);
        try {
          const portalId = await resolvePortal(store, opts.portalId);
          const started = performance.now();
          const html = renderReport(await loadReport(store, portalId, Date.now()));
          try {
            fs.writeFileSync(opts.out, html);
          } catch (error) {
            throw new StoreError(
              'report_unwritable',
              `cannot write ${opts.out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
              {
                hint: 'choose another --out path',
              },
            );
          }
          process.stdout.write(
            `wrote ${opts.out} (${Math.round(html.length / 1024)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
          );
        } finally {
          await store.close();
        }
      }),
    );
}
