import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  ENDS_TRANSACTION,
  preparedStatementPool,
} from '../../../src/store/postgres-prepared-pool.js';
import { onePoolPerTest, TEST_DATABASE_URL } from '../../helpers/postgres.js';

const onPostgres = process.env['RAPPORT_TEST_POSTGRES'] === '1' ? describe : describe.skip;

onPostgres('prepared statement pool', () => {
  const pool = onePoolPerTest();

  it('prepares a parameterised statement once per connection and reuses its plan', async () => {
    const prepared = preparedStatementPool(pool(), { statements: 2, textLength: 100 });
    const client = await prepared.connect();
    const read = 'select $1::int + 1 as n';
    for (const n of [1, 2, 3]) {
      const result = await client.query<{ n: number }>(read, [n]);
      expect(result.rows).toEqual([{ n: n + 1 }]);
    }
    // Without parameters (begin, commit): the simple protocol, nothing prepared.
    await client.query('select 1', []);
    // Longer than the limit: planned every time, as node-postgres does by default.
    await client.query(`select $1::int as n /* ${'x'.repeat(100)} */`, [1]);
    await client.query('select $1::int * 2 as n', [1]);
    // Past the statement limit: unnamed too.
    await client.query('select $1::int * 3 as n', [1]);
    const { rows } = await client.query<{ statement: string }>(
      'select statement from pg_prepared_statements order by prepare_time',
      [],
    );
    client.release();
    expect(rows.map((r) => r.statement)).toEqual([read, 'select $1::int * 2 as n']);
  });

  it('answers a failed statement with its error, and the connection goes on', async () => {
    const client = await preparedStatementPool(pool()).connect();
    await expect(client.query('select 1 / $1::int as n', [0])).rejects.toThrow('division by zero');
    expect((await client.query<{ n: number }>('select 1 / $1::int as n', [1])).rows).toEqual([
      { n: 1 },
    ]);
    client.release();
  });
});

onPostgres('prepared statement pool, pipelined', () => {
  let pool: pg.Pool;
  let db: Kysely<{ notes: { id: number; body: string } }>;
  // Statements as node-postgres writes them to the server, and the moment each answer arrives.
  let log: string[];
  beforeEach(async () => {
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1, pipeline: true });
    log = [];
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as { query: unknown }).query = (config: unknown, values?: unknown) => {
        const text = typeof config === 'string' ? config : (config as { text: string }).text;
        log.push(`sent ${text.replace(ENDS_TRANSACTION, '(ends) ').split(' ')[0]}`);
        return query(config, values).finally(() => log.push(`answered ${text.split(' ')[0]}`));
      };
    });
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
    await sql`create temporary table notes (id int primary key, body text not null)`.execute(db);
    log = [];
  });
  afterEach(async () => {
    await db.destroy();
  });

  const endingInsert = (id: number, body: string | null) =>
    sql`${sql.raw(ENDS_TRANSACTION)}insert into notes (id, body) values (${id}, ${body})`;

  it('writes begin with the first statement and the marked last one with the commit', async () => {
    await db.transaction().execute(async (trx) => {
      await sql`insert into notes (id, body) values (${1}, ${'first'})`.execute(trx);
      await endingInsert(2, 'last').execute(trx);
    });
    // Each pair went out before the answer to its first statement came back: one round trip each.
    expect(log).toEqual([
      'sent begin',
      'sent insert',
      'answered begin',
      'answered insert',
      'sent (ends)',
      'sent commit',
      'answered /*',
      'answered commit',
    ]);
    expect((await db.selectFrom('notes').selectAll().orderBy('id').execute()).length).toBe(2);
  });

  it('fails the commit with the marked statement’s error, and commits nothing', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into notes (id, body) values (${1}, ${'kept?'})`.execute(trx);
        await endingInsert(2, null).execute(trx);
      }),
    ).rejects.toThrow('null value in column "body"');
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([]);
    // The connection goes on: the next transaction commits.
    await db.transaction().execute(async (trx) => {
      await endingInsert(3, 'after').execute(trx);
    });
    expect(await db.selectFrom('notes').select('id').execute()).toEqual([{ id: 3 }]);
  });

  it('answers a failed first statement with its error and rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`select 1 / ${0}::int`.execute(trx);
      }),
    ).rejects.toThrow('division by zero');
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into notes (id, body) values (${1}, ${'one'})`.execute(trx);
        throw new Error('the work failed after its write');
      }),
    ).rejects.toThrow('the work failed after its write');
    // A marked statement that succeeded, then the work failing: rolled back, with the work's error.
    await expect(
      db.transaction().execute(async (trx) => {
        await endingInsert(2, 'two').execute(trx);
        throw new Error('the work failed after its last write');
      }),
    ).rejects.toThrow('the work failed after its last write');
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([]);
  });

  it('waits for a marked statement outside a transaction', async () => {
    await expect(endingInsert(1, null).execute(db)).rejects.toThrow('null value');
    await endingInsert(2, 'alone').execute(db);
    expect(await db.selectFrom('notes').select('id').execute()).toEqual([{ id: 2 }]);
  });
});
