/**
 * Workload `store-load`: seed the demo generator at 1M contacts / 10M touches (100k companies,
 * 500 networkers, 25k deals) into an empty store, then scan every (contact, touch) pair in
 * keyset pages as the full-run analytics will. Reports rows/s for the store's write path alone
 * and end to end (generation included), the scan rate, and peak RSS.
 */
import type { BulkLoader } from '../../src/store/bulk/bulk-loader.js';
import { createMirrorSink } from '../../src/store/mirror-loader.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { flag, fmt, freshBenchStore, peakRssMb, textFlag } from '../bench-store.js';

const dialect = textFlag('dialect', 'sqlite');
const contacts = flag('contacts', 1_000_000);
const touches = flag('touches', 10 * contacts);
const PORTAL = 4242;

const { store, size, cleanup } = await freshBenchStore(dialect);
try {
  let rows = 0;
  let writeMs = 0;
  const perTable: Record<string, { rows: number; ms: number }> = {};
  const started = performance.now();
  let lastReport = started;
  await store.bulkLoad(async (bulk) => {
    // Time spent waiting on the store; with PostgreSQL's pipelined COPY this is the part of
    // the load that did not overlap generation.
    const timed: BulkLoader = {
      async insert(table, batch) {
        const t0 = performance.now();
        await bulk.insert(table, batch);
        const ms = performance.now() - t0;
        writeMs += ms;
        rows += batch.length;
        const entry = (perTable[table] ??= { rows: 0, ms: 0 });
        entry.rows += batch.length;
        entry.ms += ms;
      },
      insertColumns: (...args) => bulk.insertColumns(...args),
      replaceRange: (...args) => bulk.replaceRange(...args),
      async flush() {
        const t0 = performance.now();
        await bulk.flush();
        writeMs += performance.now() - t0;
      },
    };
    await generateDemo(
      createMirrorSink(timed, PORTAL),
      {
        portalId: PORTAL,
        seed: 1,
        asOf: Date.UTC(2026, 10, 1),
        contacts,
        touches,
        companies: Math.max(10, Math.round(contacts / 10)),
        networkers: 500,
        departed: 15,
        deals: Math.round(contacts / 40),
        batchSize: 20_000,
      },
      (p) => {
        const now = performance.now();
        if (now - lastReport > 10_000) {
          lastReport = now;
          process.stdout.write(
            `  ${p.phase} ${fmt(p.done)}/${fmt(p.total)}  rows ${fmt(rows)}  rss ${fmt(process.memoryUsage().rss / 2 ** 20)} MB\n`,
          );
        }
      },
    );
    await timed.flush();
  });
  const totalMs = performance.now() - started;
  const stats = await store.portals.stats(PORTAL);

  const scanStarted = performance.now();
  let scanned = 0;
  let after = { contactId: -1, touchId: -1 };
  for (;;) {
    const page = await store.touches.pageByContact(PORTAL, after, 10_000);
    const last = page[page.length - 1];
    if (!last) break;
    scanned += page.length;
    after = { contactId: last.contactId, touchId: last.touchId };
  }
  const scanMs = performance.now() - scanStarted;

  const report = {
    workload: 'store-load',
    dialect,
    contacts: stats.contacts,
    touches: stats.touches,
    rowsWritten: rows,
    // Rows per second of the whole load, demo generation included: a lower bound on the store's
    // own write rate. secondsWaitingOnStore is the part of the load the generator spent blocked.
    endToEndRowsPerSec: Math.round(rows / (totalMs / 1000)),
    secondsWaitingOnStore: +(writeMs / 1000).toFixed(1),
    seedSeconds: +(totalMs / 1000).toFixed(1),
    scanPairs: scanned,
    scanPairsPerSec: Math.round(scanned / (scanMs / 1000)),
    scanSeconds: +(scanMs / 1000).toFixed(1),
    peakRssMb: Math.round(peakRssMb()),
    size: await size(),
    // Where the load waited, per table (with PostgreSQL's pipelining a wait is charged to the
    // insert that follows the COPY it waits for).
    waitSecondsByTable: Object.fromEntries(
      Object.entries(perTable).map(([t, v]) => [
        t,
        `${fmt(v.rows)} rows, ${(v.ms / 1000).toFixed(1)} s`,
      ]),
    ),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await cleanup();
}
