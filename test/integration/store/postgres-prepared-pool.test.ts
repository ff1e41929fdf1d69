import pg from 'pg';
import { preparedStatementPool } from '../../../src/store/postgres-prepared-pool.js';
import { TEST_DATABASE_URL } from '../../helpers/postgres.js';

const onPostgres = process.env['RAPPORT_TEST_POSTGRES'] === '1' ? describe : describe.skip;

onPostgres('prepared statement pool', () => {
  let pool: pg.Pool;
  beforeEach(() => {
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  });
  afterEach(async () => {
    await pool.end();
  });

  it('prepares a parameterised statement once per connection and reuses its plan', async () => {
    const prepared = preparedStatementPool(pool, { statements: 2, textLength: 100 });
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
    const client = await preparedStatementPool(pool).connect();
    await expect(client.query('select 1 / $1::int as n', [0])).rejects.toThrow('division by zero');
    expect((await client.query<{ n: number }>('select 1 / $1::int as n', [1])).rows).toEqual([
      { n: 1 },
    ]);
    client.release();
  });
});
