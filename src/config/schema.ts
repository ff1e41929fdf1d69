import { z } from 'zod';

/**
 * Every environment variable Rapport reads. Each has a default that serves the embedded mode,
 * so `npm start` needs none. The `hint` of each entry is shown when its value is invalid.
 */
const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0–65535 (0 picks a free port)')
  .max(65535, 'must be 0–65535 (0 picks a free port)');

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/rapport');

const httpsOrLocalUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute URL such as https://rapport.example.com');

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),
  RAPPORT_DEMO: z.enum(['auto', 'off']).default('auto'),
  RAPPORT_DEMO_PORTAL_ID: z.coerce.number().int().positive().default(99_990_001),
  RAPPORT_DEMO_SEED: z.coerce.number().int().nonnegative().default(42),
  RAPPORT_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  RAPPORT_PUBLIC_BASE_URL: httpsOrLocalUrl.optional(),
  HUBSPOT_PORTAL_ID: z.coerce.number().int().positive().optional(),
  HUBSPOT_ACCESS_TOKEN: z
    .string()
    .min(10, 'looks too short for a HubSpot private-app token')
    .optional(),
  HUBSPOT_CLIENT_SECRET: z
    .string()
    .min(8, 'looks too short for a HubSpot client secret')
    .optional(),
  HUBSPOT_CLIENT_SECRET_PREVIOUS: z
    .string()
    .min(8, 'looks too short for a HubSpot client secret')
    .optional(),
  RAPPORT_WEBHOOK_LEGACY_SIGNATURES: flag.default(false),
  RAPPORT_WORKER: z.enum(['on', 'off']).default('on'),
  RAPPORT_SUPER_ADMINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.union([z.email(), z.string().regex(/^\d+$/)], {
          message: 'each entry must be a HubSpot user id or an email address',
        }),
      ),
    ),
  RAPPORT_WORKER_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  HUBSPOT_API_BASE_URL: httpsOrLocalUrl.optional(),
  HUBSPOT_REQUESTS_PER_10S: z.coerce.number().int().min(1).max(1_000).default(100),
  HUBSPOT_SEARCHES_PER_SECOND: z.coerce.number().int().min(1).max(50).default(5),
  RAPPORT_PG_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(20),
  RAPPORT_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  CI: flag.optional(),
});

export type Env = z.infer<typeof envSchema>;

/** What to do when a variable is wrong; shown next to the problem. */
export const HINTS: Partial<Record<keyof Env, string>> = {
  PORT: 'set PORT to a free TCP port, e.g. PORT=3000',
  DATABASE_URL: 'unset DATABASE_URL to use the embedded SQLite store, or fix the URL',
  RAPPORT_DATA_DIR: 'point RAPPORT_DATA_DIR at a writable folder',
  HUBSPOT_ACCESS_TOKEN: "copy the token from your HubSpot app's Auth tab",
  HUBSPOT_CLIENT_SECRET: "copy the client secret from your HubSpot app's Auth tab",
  RAPPORT_PUBLIC_BASE_URL: 'the https:// address HubSpot uses to reach this service',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  HUBSPOT_REQUESTS_PER_10S:
    "100 for Free/Starter portals, 190 for Professional/Enterprise (HubSpot's published limits)",
};
