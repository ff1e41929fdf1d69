import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  pretty: boolean;
}

/** Secrets are redacted by path so a logged config or request never leaks them. */
const REDACT = [
  'hubspotAccessToken',
  'hubspotClientSecret',
  'hubspotClientSecretPrevious',
  'previousClientSecret',
  'clientSecret',
  'accessToken',
  'encryptionKey',
  'databaseUrl',
  '*.hubspotAccessToken',
  '*.hubspotClientSecret',
  '*.hubspotClientSecretPrevious',
  '*.encryptionKey',
  '*.databaseUrl',
  'req.headers.authorization',
  'req.headers["x-hubspot-signature-v3"]',
];

export function createLogger(options: LoggerOptions): Logger {
  return pino({
    level: options.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(options.pretty
      ? {
          transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
        }
      : {}),
  });
}

/** A logger that drops everything: for tests and for CLI commands run with --quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
