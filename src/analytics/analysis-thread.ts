import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { unpackContacts, type PackedContacts } from '../store/packed-contacts.js';
import { unpackLinks, type PackedLinks } from '../store/packed-links.js';
import type { PackedTouches } from '../store/packed-touches.js';
import type { AnalysisInit, AnalysisReply, PageRequest } from './analysis-messages.js';
import { analyzedPage, unpackPage, type AnalyzedPage } from './page-columns.js';
import { ContactPassAnalyzer } from './contact-pass.js';
import type { PortalAnalysis, PortalData } from './load-context.js';

/** Analyses the full run's pages, in id order, on this thread or on a worker thread. */
export interface PageAnalyzer {
  readonly threaded: boolean;
  analyze(
    contacts: PackedContacts,
    touches: PackedTouches,
    links: PackedLinks,
  ): Promise<AnalyzedPage>;
  close(): Promise<void>;
}

export function inlineAnalyzer(portal: PortalAnalysis, contacts = 0): PageAnalyzer {
  const analyzer = new ContactPassAnalyzer(portal, contacts);
  return {
    threaded: false,
    // Shaped as the thread's answers are, so the run has one way to take a page.
    analyze: async (contacts, touches, links) =>
      analyzedPage(analyzer.analyze(unpackContacts(contacts), touches, unpackLinks(links))),
    close: async () => undefined,
  };
}

/**
 * The worker's module is the sibling of this one: compiled JavaScript when Rapport runs built, its
 * TypeScript source under the tests and tsx, which the worker then loads through tsx's API (a
 * worker does not inherit the test runner's transform).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { entry, tsx } = workerData;
import(entry)
  .catch((error) => {
    // A process started with tsx's loader passes it on to its workers; one without it does not.
    if (!tsx || error.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    return import(tsx).then((api) => api.tsImport(entry, entry));
  })
  .catch((error) => setImmediate(() => { throw error; }));
`;

/**
 * tsx's ESM API by its package's own exports map: resolving the specifier here would take the
 * CommonJS build under the test runner, and that one cannot load modules on a worker.
 */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const file = exports['./esm/api']?.import?.default;
  if (!file) throw new Error('tsx has no ESM API to load the analysis worker with');
  return new URL(file, pathToFileURL(manifest)).href;
}

function workerEntry(): { entry: string; tsx: string | null } {
  const here = import.meta.url;
  const source = here.endsWith('.ts');
  return {
    entry: new URL(`./analysis-worker.${source ? 'ts' : 'js'}`, here).href,
    tsx: source ? tsxEsmApi(here) : null,
  };
}

/**
 * Starts the analysis on a worker thread, so that the main thread's reads and writes of one page
 * overlap the analysis of the next (the analysis was two thirds of a full run's main thread).
 * Resolves once the worker has loaded; to the inline analyzer of `portal` when it cannot start.
 * A worker that fails later fails the run: its duplicate index cannot be rebuilt mid-run.
 */
export async function startAnalysisThread(
  data: PortalData,
  portal: PortalAnalysis,
  contacts: number,
  onFallback: (reason: string) => void,
): Promise<PageAnalyzer> {
  const { entry, tsx } = workerEntry();
  const init: AnalysisInit = { data, asOf: portal.ctx.asOf, contacts };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { ...init, entry, tsx },
    // A larger young generation: the analysis allocates short-lived objects by the million.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  const pending = new Map<
    number,
    { contacts: number; resolve: (a: AnalyzedPage) => void; reject: (e: Error) => void }
  >();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };

  const ready = await new Promise<true | string>((resolve) => {
    worker.once('message', () => resolve(true));
    worker.once('error', (e) => resolve(e.message));
    worker.once('exit', (code) => resolve(`exited with code ${code}`));
  });
  if (ready !== true) {
    await worker.terminate();
    onFallback(ready);
    return inlineAnalyzer(portal, contacts);
  }
  worker.on('message', (reply: AnalysisReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (!p) return;
    if ('error' in reply) {
      p.reject(new Error(`the contact analysis failed: ${reply.error}`));
      return;
    }
    const analyzed = unpackPage(reply.packed);
    if (analyzed.contacts.length === p.contacts) p.resolve(analyzed);
    else p.reject(new Error('the contact analysis answered for other contacts than it was sent'));
  });
  worker.on('error', (e) => fail(new Error(`the contact analysis thread failed: ${e.message}`)));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fail(new Error(`the contact analysis thread exited (code ${code})`));
      resolve();
    }),
  );

  let nextId = 0;
  return {
    threaded: true,
    analyze(contacts, touches, links) {
      if (failure) return Promise.reject(failure);
      const id = (nextId += 1);
      const request: PageRequest = {
        id,
        contacts,
        // Moved, not copied: the page's contacts, pairs and links are the analysis's from here on.
        touches,
        links,
      };
      return new Promise((resolve, reject) => {
        pending.set(id, { contacts: contacts.length, resolve, reject });
        worker.postMessage(request, [
          contacts.numbers.buffer,
          contacts.flags.buffer,
          contacts.nulls.buffer,
          contacts.ends.buffer,
          request.touches.numbers.buffer,
          request.touches.types.buffer,
          request.links.buffer,
        ]);
      });
    },
    async close() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
