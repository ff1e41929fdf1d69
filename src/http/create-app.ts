import express, { type ErrorRequestHandler, type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from '../shared/metrics.js';
import { RapportError } from '../shared/errors.js';

export interface AppDependencies {
  log: Logger;
  /** Throws when the service cannot do its work (store unreachable, shutting down). */
  checkReady: () => Promise<void>;
  /** Extra routers mounted by later capabilities (webhooks, card API, report). */
  routes?: readonly ((app: Express) => void)[];
  /** Prometheus metrics at /metrics; `refresh` updates gauges (e.g. inbox depth) before a scrape. */
  metrics?: { metrics: Metrics; refresh: () => Promise<void> };
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    pinoHttp({
      logger: deps.log,
      // Webhook traffic is counted in /metrics; logging every success would cost more than
      // handling it. Failures are always logged.
      customLogLevel: (req, res, error) =>
        error || res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : req.url?.startsWith('/webhooks/')
              ? 'silent'
              : 'info',
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      },
    }),
  );

  // Liveness: the process answers. Readiness: it can reach its store and is not draining.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.checkReady();
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: (error as Error).message });
    }
  });

  if (deps.metrics) {
    const { metrics, refresh } = deps.metrics;
    app.get('/metrics', async (_req, res) => {
      await refresh();
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  for (const mount of deps.routes ?? []) mount(app);

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route for ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (error instanceof RapportError && error.httpStatus < 500) {
      res
        .status(error.httpStatus)
        .json({ error: error.code, message: error.message, hint: error.hint });
      return;
    }
    if (error?.type === 'entity.too.large') {
      res.status(413).json({
        error: 'payload_too_large',
        message: `the body exceeds the ${String(error.limit)}-byte limit`,
      });
      return;
    }
    const status = typeof error?.status === 'number' && error.status < 500 ? error.status : 500;
    if (status >= 500) log.error({ err: error }, 'request failed');
    // Never leak stack traces or internals to callers.
    res.status(status).json({
      error: status >= 500 ? 'internal' : 'bad_request',
      message: status >= 500 ? 'internal error' : String(error.message),
    });
  };
}
