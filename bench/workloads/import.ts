/**
 * Workload `import`: a HubSpot-style contacts export of N rows (default 1,000,000; HubSpot's column
 * labels, owners by name, company ids, activity columns) imported by `importExports` into a fresh
 * store. Reports rows/s and peak RSS.
 *   npm run bench -- import [--dialect sqlite|postgres] [--rows 1000000]
 */
import fs from 'node:fs';
import path from 'node:path';
import { importExports } from '../../src/import/import-exports.js';
import { flag, freshBenchStore, peakRssMb, textFlag } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const rows = flag('rows', 1_000_000);
// A fresh store first: on SQLite it starts from an empty bench/.tmp folder.
const { store, cleanup } = await freshBenchStore(dialect);
const dir = path.join(import.meta.dirname, '..', '.tmp', 'import');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `contacts-${rows}.csv`);
if (!fs.existsSync(file)) {
  const out = fs.createWriteStream(file);
  out.write(
    'Record ID,First Name,Last Name,Email,Phone Number,Job Title,Contact owner,Lifecycle Stage,Create Date,Last Contacted,Number of times contacted,Associated Company IDs\n',
  );
  const owners = Array.from({ length: 200 }, (_, i) => `Owner${i} Surname${i}`);
  for (let i = 1; i <= rows; i += 1) {
    const line = `${i},First${i % 977},Last${i % 1931},person${i}@company${i % 10_000}.example,+1 212 555 ${String(i % 10_000).padStart(4, '0')},Director,${owners[i % 200]},Lead,2025-0${(i % 9) + 1}-1${i % 10} 10:00,2026-01-0${(i % 9) + 1} 09:00,${i % 5},${2_000_000 + (i % 100_000)}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
try {
  const started = performance.now();
  const report = await importExports(store, {
    portalId: 4242,
    name: 'bench export',
    files: [file],
    now: Date.now(),
  });
  const seconds = (performance.now() - started) / 1000;
  const imported = report.files[0]?.imported ?? 0;
  process.stdout.write(
    `${JSON.stringify({ workload: 'import', dialect, rows, imported, approximateTouches: report.approximateTouches, seconds: +seconds.toFixed(1), rowsPerSec: Math.round(imported / seconds), fileMb: Math.round(fs.statSync(file).size / 2 ** 20), peakRssMb: Math.round(peakRssMb()) }, null, 2)}\n`,
  );
} finally {
  await cleanup();
}
