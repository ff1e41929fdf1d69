/**
 * A local fake HubSpot: an Express app serving the CRM endpoints the gateway uses (crm-api.ts)
 * with HubSpot's limits and failure modes — a rolling 100 or 190 requests per 10 s, 5 searches
 * per second (searches count against both), 429 answers with `Retry-After` and HubSpot's
 * `policyName`, bursts and a rate of 5xx, latency — and counts every call.
 * `timeScale` > 1 runs HubSpot's clock faster (windows and latencies divided by it) so the
 * benchmark can play a two-hour backfill in minutes with the same ratios.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createCrmApi, isSearch } from './crm-api.js';
import { mountExports } from './exports-api.js';
import type { FakeRecords } from './records.js';

export interface FakeHubspotOptions {
  records: FakeRecords;
  /** 100 (Free/Starter) or 190 (Professional/Enterprise) per rolling 10 s. */
  requestsPer10s?: number;
  searchesPerSecond?: number;
  /** Uniform latency added to every answer, in HubSpot milliseconds. */
  latencyMs?: readonly [number, number];
  /** Share of requests answered 502 at random (after the limits). */
  errorRate?: number;
  timeScale?: number;
  seed?: number;
  token?: string;
  /** The token carries `crm.export` (and the installer is a Super Admin): exports are allowed. */
  exportsGranted?: boolean;
  /** HubSpot seconds an export job takes before its file is ready. */
  exportSeconds?: number;
  /** Fixed clock for the records' timestamps (tests). */
  now?: () => string;
  /** List pages come highest id first (HubSpot does not document their order). */
  listOutOfOrder?: boolean;
}

export interface FakeHubspotStats {
  calls: number;
  searches: number;
  rateLimited: number;
  /** 429s answered to searches (the rest met the ten-secondly limit). */
  searchesLimited: number;
  serverErrors: number;
  byRoute: Record<string, number>;
  /** Records answered by list and search pages, per object type (each read once?). */
  recordsServed: Record<string, number>;
}

export interface FakeHubspot {
  url: string;
  stats(): FakeHubspotStats;
  /**
   * The next `count` requests (matching `path`, when given) answer `status`. `afterWork`: HubSpot
   * does what was asked and the answer is lost (a timeout after the commit).
   */
  burst(count: number, status?: number, path?: RegExp, options?: { afterWork?: boolean }): void;
  close(): Promise<void>;
}

class RollingWindow {
  private readonly stamps: number[] = [];
  private head = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  /** Records a request now, or answers how long until one is allowed. */
  take(now: number): number {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= now - this.windowMs)
      this.head += 1;
    if (this.head > 10_000) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
    if (this.stamps.length - this.head >= this.limit)
      return this.stamps[this.head]! + this.windowMs - now;
    this.stamps.push(now);
    return 0;
  }
  remaining(now: number): number {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= now - this.windowMs)
      this.head += 1;
    return this.limit - (this.stamps.length - this.head);
  }
}

/** Calls are counted per method and path (object types kept, owner ids folded). */
const routeOf = (method: string, path: string): string =>
  `${method} ${path.replace(/\/crm\/v3\/owners\/[^/]+/, '/crm/v3/owners/{id}')}`;

export async function startFakeHubspot(options: FakeHubspotOptions): Promise<FakeHubspot> {
  const scale = options.timeScale ?? 1;
  const general = new RollingWindow(options.requestsPer10s ?? 190, 10_000 / scale);
  const searches = new RollingWindow(options.searchesPerSecond ?? 5, 1_000 / scale);
  const [minLatency, maxLatency] = options.latencyMs ?? [0, 0];
  let seed = options.seed ?? 1;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const bursts: { count: number; status: number; path?: RegExp; afterWork?: boolean }[] = [];
  const stats: FakeHubspotStats = {
    calls: 0,
    searches: 0,
    rateLimited: 0,
    searchesLimited: 0,
    serverErrors: 0,
    byRoute: {},
    recordsServed: {},
  };
  const handle = createCrmApi(options.records, options.now ?? (() => new Date().toISOString()), {
    listOutOfOrder: options.listOutOfOrder ?? false,
  });

  const app = express();
  app.use(express.json({ limit: '10mb' }));
  // Not HubSpot: the benchmark reads the counts from another process.
  app.get('/__fake/stats', (_req, res) => {
    res.json(stats);
  });
  const exportAnswer = mountExports(app, options, scale);
  app.use(async (req, res) => {
    // Limits count a request when it arrives; the latency is the time to answer it (429s too).
    const latency = (minLatency + random() * (maxLatency - minLatency)) / scale;
    const answer = answerOf(req);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    res
      .status(answer.status)
      .set(answer.headers ?? {})
      .json(answer.body);
  });

  function answerOf(req: express.Request): {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
  } {
    // The client library asks for some collections with a trailing slash (`/crm/v3/owners/`).
    const path = req.path.length > 1 ? req.path.replace(/\/$/, '') : req.path;
    stats.calls += 1;
    const route = routeOf(req.method, path);
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;

    if (options.token && req.get('authorization') !== `Bearer ${options.token}`)
      return {
        status: 401,
        body: {
          status: 'error',
          message: 'Authentication credentials not found.',
          category: 'INVALID_AUTHENTICATION',
        },
      };
    const now = performance.now();
    const search = isSearch(req.method, path);
    if (search) stats.searches += 1;
    // Searches have their own secondly budget and also count in the ten-secondly one.
    const wait = Math.max(search ? searches.take(now) : 0, general.take(now));
    if (wait > 0) {
      stats.rateLimited += 1;
      if (search) stats.searchesLimited += 1;
      const policy = search
        ? { message: 'You have reached your secondly limit.', policyName: 'SECONDLY' }
        : {
            message: 'You have reached your ten_secondly_rolling limit.',
            policyName: 'TEN_SECONDLY_ROLLING',
          };
      return {
        status: 429,
        // In HubSpot seconds: a fast-forwarded client divides its waits by the same scale.
        headers: { 'Retry-After': String(Math.max(1, Math.ceil((wait * scale) / 1_000))) },
        body: {
          status: 'error',
          ...policy,
          errorType: 'RATE_LIMIT',
          correlationId: 'fake-0429',
          groupName: 'publicapi:private-app-api-calls',
        },
      };
    }
    const headers = search
      ? undefined
      : {
          'X-HubSpot-RateLimit-Max': String(options.requestsPer10s ?? 190),
          'X-HubSpot-RateLimit-Remaining': String(general.remaining(now)),
          'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
        };
    const burst = bursts.find((b) => b.count > 0 && (!b.path || b.path.test(path)));
    if (burst || random() < (options.errorRate ?? 0)) {
      if (burst) burst.count -= 1;
      if (burst?.afterWork)
        handle(
          req.method,
          path,
          new URLSearchParams(req.originalUrl.split('?')[1] ?? ''),
          (req.body ?? {}) as Record<string, unknown>,
        );
      stats.serverErrors += 1;
      return {
        status: burst?.status ?? 502,
        body: {
          status: 'error',
          message: 'internal error',
          correlationId: 'fake-0500',
          category: 'INTERNAL_ERROR',
        },
      };
    }
    const exported = exportAnswer(req, path);
    if (exported) return { ...exported, ...(headers ? { headers } : {}) };
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const reply = handle(req.method, path, query, (req.body ?? {}) as Record<string, unknown>);
    if (!reply)
      return {
        status: 404,
        body: {
          status: 'error',
          message: `the fake HubSpot has no route for ${req.method} ${path}`,
          category: 'OBJECT_NOT_FOUND',
        },
      };
    const listed = /^\/crm\/v3\/objects\/([^/]+)(\/search)?$/.exec(path);
    const results = (reply.body as { results?: unknown[] }).results;
    if (listed && reply.status === 200 && results)
      stats.recordsServed[listed[1]!] = (stats.recordsServed[listed[1]!] ?? 0) + results.length;
    return { ...reply, ...(headers ? { headers } : {}) };
  }

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => structuredClone(stats),
    burst(count, status = 502, path, burstOptions = {}) {
      bursts.push({ count, status, ...(path ? { path } : {}), ...burstOptions });
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
