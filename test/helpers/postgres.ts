import pg from 'pg';

/** The CI database (../shared machine notes): trust auth on 127.0.0.1, database `test`. */
export const TEST_DATABASE_URL =
  process.env['RAPPORT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresAnswers(url = TEST_DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A pool of one connection to the test database, made before and ended after each test of the
 * calling block: a test that uses it twice shows the connection (or its replacement) fit again.
 */
export function onePoolPerTest(): () => pg.Pool {
  let pool: pg.Pool | undefined;
  beforeEach(() => {
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  });
  afterEach(async () => {
    await pool?.end();
  });
  return () => {
    if (!pool) throw new Error('the pool exists only inside a test');
    return pool;
  };
}

export async function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Jest's global setup (loaded outside the module mapper, so it lives here with no relative
 * imports): decides once per run whether the PostgreSQL half of the store battery runs. In CI
 * (RAPPORT_REQUIRE_POSTGRES=1) a missing server fails the run instead of skipping silently.
 */
export default async function globalSetup(): Promise<void> {
  const available = await postgresAnswers();
  process.env['RAPPORT_TEST_POSTGRES'] = available ? '1' : '0';
  if (!available) {
    if (process.env['RAPPORT_REQUIRE_POSTGRES'] === '1') {
      throw new Error(
        `PostgreSQL is required (RAPPORT_REQUIRE_POSTGRES=1) but ${TEST_DATABASE_URL} does not answer`,
      );
    }
    process.stderr.write(
      `\n[rapport] PostgreSQL at ${TEST_DATABASE_URL} does not answer: SKIPPING the PostgreSQL store battery (SQLite still runs).\n\n`,
    );
  }
}
