/**
 * The contact pass's analysis on a worker thread (started by analysis-thread.ts, never imported):
 * it builds the portal's analysis from the rows the main thread loaded, then analyses each page it
 * is sent, in order, keeping the run's duplicate index. Pure computation: no store, no network.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { unpackContacts } from '../store/packed-contacts.js';
import { unpackLinks } from '../store/packed-links.js';
import { ContactPassAnalyzer } from './contact-pass.js';
import { buildPortalAnalysis } from './load-context.js';
import type { AnalysisInit, AnalysisReply, PageRequest } from './analysis-messages.js';
import { packPage, pageBuffers } from './page-columns.js';
import { joinPages } from './page-parts.js';

const port = parentPort;
if (port) {
  const init = workerData as AnalysisInit;
  const analyzer = new ContactPassAnalyzer(
    buildPortalAnalysis(init.data, init.asOf),
    init.contacts,
  );
  port.on('message', (m: PageRequest | 'stop') => {
    if (m === 'stop') {
      port.close();
      return;
    }
    let reply: AnalysisReply;
    try {
      const parts = analyzer.analyzeParts(
        unpackContacts(m.contacts),
        m.touches,
        unpackLinks(m.links),
        packPage,
      );
      reply = { id: m.id, packed: joinPages(parts) };
    } catch (error) {
      reply = {
        id: m.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    port.postMessage(reply, 'packed' in reply ? pageBuffers(reply.packed) : []);
  });
  port.postMessage('ready');
}
