import path from 'node:path';
import { describeConfig, loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('needs nothing: every setting defaults to the embedded mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: {
        kind: 'sqlite',
        file: path.resolve('data', 'rapport.sqlite'),
        synchronous: 'NORMAL',
      },
      demo: { enabled: true, portalId: 99_990_001, seed: 42 },
    });
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://rapport@db.internal:5432/rapport' }).store,
    ).toEqual({
      kind: 'postgres',
      url: 'postgres://rapport@db.internal:5432/rapport',
      poolSize: 20,
    });
  });

  it('lists every problem at once, each with what to do', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('set PORT to a free TCP port');
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toContain(
      'unset DATABASE_URL to use the embedded SQLite store',
    );
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toBeDefined();
  });

  it('rejects a malformed DATABASE_URL', () => {
    expect(problemsOf({ DATABASE_URL: 'not a url' })[0]).toMatch(
      /^DATABASE_URL: must be a PostgreSQL URL/,
    );
  });

  it('requires the portal id once a HubSpot token is configured, and then leaves the demo off', () => {
    expect(problemsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-0000000000' })[0]).toMatch(
      /^HUBSPOT_PORTAL_ID: required/,
    );
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-0000000000',
      HUBSPOT_PORTAL_ID: '123',
    });
    expect(config.demo.enabled).toBe(false);
  });

  it('never shows a secret, neither in errors nor in the printable config', () => {
    const secret = 'pat-na1-supersecretvalue';
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: secret,
      HUBSPOT_PORTAL_ID: '1',
      DATABASE_URL: 'postgres://rapport:hunter2@db:5432/r',
    });
    const printed = JSON.stringify(describeConfig(config));
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain('hunter2');
    expect(problemsOf({ HUBSPOT_CLIENT_SECRET: 'short' }).join()).not.toContain('short"');
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).store.kind).toBe('sqlite');
  });
});
