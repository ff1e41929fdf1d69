import { availableParallelism } from 'node:os';
import { CompanyTally } from '../domain/company-insight.js';
import type { PortalId } from '../domain/types.js';
import { contactIdAt, ownerIds, type PackedContacts } from '../store/packed-contacts.js';
import type { PackedLinks } from '../store/packed-links.js';
import { packTouches, type PackedTouches } from '../store/packed-touches.js';
import { toCompanyInsightRow, toContactInsightRow } from '../store/repositories/insight-rows.js';
import { objectRows } from '../store/bulk/bulk-loader.js';
import type { KeyColumns } from '../store/repositories/key-columns.js';
import type { Store } from '../store/store.js';
import { inlineAnalyzer, startAnalysisThread, type PageAnalyzer } from './analysis-thread.js';
import {
  buildPortalAnalysis,
  loadPortalData,
  type PortalAnalysis,
  type PortalData,
} from './load-context.js';
import { Tallies } from './networker-tally.js';
import { newPassTotals, tallyPage, type ContactPassTotals } from './pass-totals.js';
import { relationshipRows } from './relationship-columns.js';
import { CONTACT_RULE_IDS } from './rule-scopes.js';

const LAST_ID = Number.MAX_SAFE_INTEGER;

export interface AuditProgress {
  phase: 'contacts' | 'companies' | 'network' | 'metrics';
  done: number;
  total: number;
}

interface ContactPage {
  /** Moved to the analysis thread when it is handed over. */
  contacts: PackedContacts;
  ownerIds: Float64Array;
  range: { from: number; to: number };
  touches: PackedTouches;
  links: PackedLinks;
  /** The range's duplicate keys as stored, for the page's write to compare its own with. */
  keys: KeyColumns;
  /** The page's last contact id; undefined when the page is empty (the portal's end). */
  lastId: number | undefined;
}

/**
 * The full run: every contact of a portal, in id order, one page at a time (memory stays bounded
 * by the page, the duplicate-key index, the per-company tallies and the departed networkers'
 * handover items, which the report lists in full anyway). Each page's relationships,
 * insights and keys replace the page's id range; its findings are reconciled in the same range.
 */
export async function analyzeAllContacts(
  store: Store,
  run: FullRun,
  options: {
    now: number;
    pageSize: number;
    onProgress: (p: AuditProgress) => void;
    /** Analyse on a worker thread; by default when there is more than one page and a second core. */
    thread?: boolean;
    onThreadFallback?: (reason: string) => void;
    /**
     * Takes the build of the indexes a first audit defers (AuditIndexRepository), for the caller
     * to await once its own last phases are done (nothing after the pass reads through them: on
     * PostgreSQL the build, 3.3 s at 1M for the keys' alone, then runs beside them). Without it
     * the build is awaited here.
     */
    onIndexes?: (building: Promise<void>) => void;
  },
): Promise<ContactPassTotals> {
  const { portal } = run;
  const { portalId } = portal.ctx;
  const total = await store.contacts.count(portalId);
  // Reads of the next page are in flight while this one is analysed and written: on PostgreSQL
  // the server works on one core while the analysis runs on the other.
  const readPage = async (afterId: number): Promise<ContactPage> => {
    const contacts = await store.contacts.pagePacked(portalId, afterId, options.pageSize);
    const lastId = contacts.length > 0 ? contactIdAt(contacts, contacts.length - 1) : undefined;
    // The range starts after the previous page, so rows of contacts archived in between go too.
    const range = { from: afterId + 1, to: lastId ?? LAST_ID };
    const [touches, links, keys] = await Promise.all([
      lastId !== undefined
        ? store.touches.contactRange(portalId, range.from, range.to)
        : packTouches([]),
      lastId !== undefined
        ? store.contacts.companyLinksInRange(portalId, range.from, range.to)
        : new Float64Array(0),
      // Read with the page, not in its write: the write compares and keeps what differs.
      store.contactKeys.inRange(portalId, range),
    ]);
    return { contacts, ownerIds: ownerIds(contacts), range, touches, links, keys, lastId };
  };

  const thread = options.thread ?? (total > options.pageSize && availableParallelism() > 1);
  // The thread loads while the first page is read: its code, the portal's rows and the duplicate
  // index's tables took 0.8–1.7 s of a 1M run's start in the benchmarks.
  const starting = thread
    ? startAnalysisThread(run.data, portal, total, options.onThreadFallback ?? (() => undefined))
    : Promise.resolve(inlineAnalyzer(portal, total));
  const deferring = store.auditIndexes.defer();
  const firstPage = deferring.then(() => readPage(0));
  // Awaited below; until then a failure must not count as unhandled.
  for (const step of [starting, firstPage]) step.catch(() => undefined);
  const analyzer = await starting;
  const deferred = await deferring.catch(async (error: unknown) => {
    await analyzer.close();
    throw error;
  });
  const buildIndex = () => (deferred ? store.auditIndexes.ensure() : Promise.resolve());
  let pass: { totals: ContactPassTotals; companies: Tallies<CompanyTally> };
  try {
    pass = await contactPages(store, portal, analyzer, firstPage, readPage, {
      total,
      now: options.now,
      onProgress: options.onProgress,
    });
  } catch (error) {
    await analyzer.close();
    await buildIndex();
    throw error;
  }
  await analyzer.close();
  const building = buildIndex();
  if (options.onIndexes) {
    // Awaited by the caller; a failure meanwhile must not count as unhandled.
    building.catch(() => undefined);
    options.onIndexes(building);
  } else await building;
  await writeCompanies(store, portalId, pass.companies, options.onProgress);
  return pass.totals;
}

async function contactPages(
  store: Store,
  portal: PortalAnalysis,
  analyzer: PageAnalyzer,
  firstPage: Promise<ContactPage>,
  readPage: (afterId: number) => Promise<ContactPage>,
  options: { total: number; now: number; onProgress: (p: AuditProgress) => void },
): Promise<{ totals: ContactPassTotals; companies: Tallies<CompanyTally> }> {
  const { portalId } = portal.ctx;
  const { total } = options;
  const companies = new Tallies((id) => new CompanyTally(id));
  const totals = newPassTotals(portal);
  // A page is handed to the analysis as soon as it is read, before the page before it is written:
  // with an analysis thread, one page is analysed there while the main thread writes the last. The
  // next page's read is not waited for before this one's write: the two run on their own
  // connections, so the server reads one while it takes in the other.
  const analyse = (page: ContactPage) => {
    const analyzed = analyzer.analyze(page.contacts, page.touches, page.links);
    // A page analysed ahead may fail while the one before it is written: observed here, it still
    // fails the run when its turn comes.
    analyzed.catch(() => undefined);
    return { page, analyzed };
  };
  let current = analyse(await firstPage);
  for (;;) {
    const { ownerIds, range, lastId, keys: stored } = current.page;
    const following = lastId === undefined ? null : readPage(lastId).then(analyse);
    following?.catch(() => undefined);
    const analyzed = await current.analyzed;

    await store.bulkLoad(
      async (bulk) => {
        await bulk.replaceRange(
          'relationships',
          portalId,
          ['contact_id', 'owner_id'],
          range,
          relationshipRows(portalId, analyzed.relationships),
        );
        await bulk.replaceRange(
          'contact_insights',
          portalId,
          ['contact_id'],
          range,
          objectRows(analyzed.contacts.map((a) => toContactInsightRow(portalId, a.insight))),
        );
      },
      { analyze: false },
    );
    // The page's keys and findings in one transaction: the duplicate-key index takes random
    // inserts, and each commit rewrites the index pages it dirtied into the WAL, so one commit per
    // statement made that cost grow with the square of the portal (300k contacts: 74 → 61 s).
    const outcome = await store.transaction(async (repos) => {
      await repos.contactKeys.syncRange(
        portalId,
        analyzed.contacts.flatMap((a) => a.keys),
        stored,
      );
      return repos.findings.reconcile(
        portalId,
        { ruleIds: CONTACT_RULE_IDS, objectType: 'contact', range },
        analyzed.contacts.flatMap((a) => a.findings),
        options.now,
      );
    });
    totals.findingsOpened += outcome.opened;
    totals.findingsResolved += outcome.resolved;

    tallyPage(totals, companies, ownerIds, analyzed);
    options.onProgress({ phase: 'contacts', done: totals.contacts, total });
    if (!following) break;
    current = await following;
  }
  return { totals, companies };
}

/** The run's company insights, from the tallies the pages added to, in place of the last run's. */
async function writeCompanies(
  store: Store,
  portalId: PortalId,
  companies: Tallies<CompanyTally>,
  onProgress: (p: AuditProgress) => void,
): Promise<void> {
  onProgress({ phase: 'companies', done: 0, total: companies.size });
  await store.bulkLoad(
    async (bulk) => {
      await bulk.replaceRange(
        'company_insights',
        portalId,
        ['company_id'],
        { from: 0, to: LAST_ID },
        objectRows(
          companies.entries().map(([, tally]) => toCompanyInsightRow(portalId, tally.result())),
        ),
      );
    },
    { analyze: true },
  );
  onProgress({ phase: 'companies', done: companies.size, total: companies.size });
}

/** A full run's portal: its analysis, and the rows it was built from (for the analysis thread). */
export interface FullRun {
  portal: PortalAnalysis;
  data: PortalData;
}

/** Loads the portal's shared context, clearing the marks a full run makes redundant. */
export async function startFullRun(
  store: Store,
  portalId: PortalId,
  asOf: number,
): Promise<FullRun> {
  // Cleared before reading: a change after this point is marked again and recomputed later.
  await store.dirty.clear(portalId);
  const data = await loadPortalData(store, portalId);
  return { portal: buildPortalAnalysis(data, asOf), data };
}
