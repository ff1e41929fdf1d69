import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { envSchema, HINTS, type Env } from './schema.js';

export type StoreConfig =
  | { kind: 'sqlite'; file: string; synchronous: 'NORMAL' | 'FULL' }
  | { kind: 'postgres'; url: string; poolSize: number };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: StoreConfig;
  log: { level: Env['LOG_LEVEL']; format: Env['LOG_FORMAT'] };
  demo: { enabled: boolean; portalId: number; seed: number };
  shutdownTimeoutMs: number;
  /** Whether this process applies inbox events (off for a receive-only process). */
  worker: boolean;
  /** How long a claimed inbox event stays with its worker before another may take it. */
  workerLeaseMs: number;
  /** HubSpot user ids or emails who may change settings without holding the Manager role. */
  superAdmins: string[];
  publicBaseUrl: string | undefined;
  hubspot: {
    portalId: number | undefined;
    accessToken: string | undefined;
    clientSecret: string | undefined;
    /** Still accepted during a secret rotation. */
    previousClientSecret: string | undefined;
    /** v1/v2 signatures (no timestamp, weaker); off unless explicitly enabled. */
    allowLegacySignatures: boolean;
    /** Another API origin than https://api.hubapi.com (a fake HubSpot in tests and benchmarks). */
    apiBaseUrl: string | undefined;
    limits: { requestsPer10s: number; searchesPerSecond: number };
  };
  ci: boolean;
}

/**
 * The only reader of the environment. Fails with every problem at once, each with a fix,
 * and never echoes a secret's value.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, blankToUndefined(env[key])]),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment') as keyof Env;
      const hint = HINTS[key];
      return `${key}: ${issue.message}${hint ? ` (${hint})` : ''}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.HUBSPOT_ACCESS_TOKEN && e.HUBSPOT_PORTAL_ID === undefined) {
    problems.push(
      'HUBSPOT_PORTAL_ID: required when HUBSPOT_ACCESS_TOKEN is set (the portal the token belongs to)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.RAPPORT_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.RAPPORT_PG_POOL_SIZE }
      : {
          kind: 'sqlite',
          file: path.join(dataDir, 'rapport.sqlite'),
          synchronous: e.RAPPORT_SQLITE_SYNCHRONOUS,
        },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    // The demo organization fills an empty store only when no real portal is connected.
    demo: {
      enabled: e.RAPPORT_DEMO === 'auto' && e.HUBSPOT_ACCESS_TOKEN === undefined,
      portalId: e.RAPPORT_DEMO_PORTAL_ID,
      seed: e.RAPPORT_DEMO_SEED,
    },
    shutdownTimeoutMs: e.RAPPORT_SHUTDOWN_TIMEOUT_MS,
    worker: e.RAPPORT_WORKER === 'on',
    workerLeaseMs: e.RAPPORT_WORKER_LEASE_MS,
    superAdmins: e.RAPPORT_SUPER_ADMINS,
    publicBaseUrl: e.RAPPORT_PUBLIC_BASE_URL,
    hubspot: {
      portalId: e.HUBSPOT_PORTAL_ID,
      accessToken: e.HUBSPOT_ACCESS_TOKEN,
      clientSecret: e.HUBSPOT_CLIENT_SECRET,
      previousClientSecret: e.HUBSPOT_CLIENT_SECRET_PREVIOUS,
      allowLegacySignatures: e.RAPPORT_WEBHOOK_LEGACY_SIGNATURES,
      apiBaseUrl: e.HUBSPOT_API_BASE_URL,
      limits: {
        requestsPer10s: e.HUBSPOT_REQUESTS_PER_10S,
        searchesPerSecond: e.HUBSPOT_SEARCHES_PER_SECOND,
      },
    },
    ci: e.CI ?? false,
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A printable copy of the configuration with secrets masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    store:
      config.store.kind === 'postgres'
        ? { ...config.store, url: maskUrl(config.store.url) }
        : config.store,
    hubspot: {
      portalId: config.hubspot.portalId,
      accessToken: config.hubspot.accessToken ? '[set]' : '[unset]',
      clientSecret: config.hubspot.clientSecret ? '[set]' : '[unset]',
      previousClientSecret: config.hubspot.previousClientSecret ? '[set]' : '[unset]',
      apiBaseUrl: config.hubspot.apiBaseUrl,
      limits: config.hubspot.limits,
    },
  };
}

export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable]';
  }
}
