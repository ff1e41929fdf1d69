import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/load-config.js';
import { importExports } from '../../import/import-exports.js';
import { openStore } from '../../store/open-store.js';
import { toInt } from '../arguments.js';
import { fmt, formatTable } from '../format-table.js';
import { createProgress } from '../progress.js';
import { runCommand } from '../run-command.js';

export function registerImport(program: Command): void {
  program
    .command('import <files...>')
    .description(
      'read HubSpot CSV exports of contacts, companies and deals into a new local portal, to audit them before installing the app',
    )
    .option('--portal-id <id>', 'id of the new portal', '1')
    .option('--name <name>', 'its name in reports', 'HubSpot export')
    .action((files: string[], raw: unknown) =>
      runCommand(async () => {
        const opts = z.object({ portalId: z.string(), name: z.string().min(1) }).parse(raw);
        const portalId = toInt('--portal-id', opts.portalId);
        const config = loadConfig();
        const { store } = await openStore(config.store);
        const progress = createProgress();
        const started = performance.now();
        try {
          const report = await importExports(store, {
            portalId,
            name: opts.name,
            files,
            now: Date.now(),
            onProgress: (file, bytes, total) => progress.update(file, bytes, total),
          });
          progress.stop();
          const out = [
            formatTable(
              ['file', 'kind', 'rows', 'imported', 'rejected', 'columns not recognised'],
              report.files.map((f) => [
                f.file,
                f.kind,
                f.rows,
                f.imported,
                f.rejectedCount,
                f.unknownColumns.join(', ') || '—',
              ]),
            ),
          ];
          for (const f of report.files)
            for (const r of f.rejected.slice(0, 20))
              out.push(`${f.file}, line ${r.line}: ${r.reason}`);
          out.push(
            `portal ${portalId}: ${fmt(report.owners)} owners found by name, ${fmt(report.approximateTouches)} touches approximated from the activity columns, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
            `next: rapport audit --portal-id ${portalId}, then rapport report --portal-id ${portalId}`,
          );
          process.stdout.write(`${out.join('\n')}\n`);
        } finally {
          progress.stop();
          await store.close();
        }
      }),
    );
}
