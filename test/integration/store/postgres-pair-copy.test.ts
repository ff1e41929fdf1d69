import { CompiledQuery } from 'kysely';
import { copyPairs } from '../../../src/store/postgres-pair-copy.js';
import { onePoolPerTest } from '../../helpers/postgres.js';
import { unpackTouches } from '../../helpers/unpack-touches.js';

const onPostgres = process.env['RAPPORT_TEST_POSTGRES'] === '1' ? describe : describe.skip;

/** Pairs as the repository's read selects them: contact, touch, owner, type, time. */
const pairs = (rows: string, parameters: number[] = []) =>
  CompiledQuery.raw(
    `select * from (values ${rows}) as p (contact_id, touch_id, owner_id, type, occurred_at)`,
    parameters,
  );

onPostgres('the pair read on PostgreSQL', () => {
  // One connection: each test shows the pool is fit for the next query after the read.
  const pool = onePoolPerTest();

  it('packs the rows the server sends, many thousands of them', async () => {
    const query = CompiledQuery.raw(
      `select g::int8 / 10 as contact_id, g + (1::int8 << 40) as touch_id,
              case when g % 7 = 0 then null else 2 ^ 33 + g % 5 end::int8 as owner_id,
              (array['meeting', 'call', 'email_in', 'email_out', 'note', 'event'])[1 + g % 6] as type,
              1767225600000::int8 + g as occurred_at
         from generate_series(1, $1::int) g order by g`,
      [30_000],
    );
    const read = unpackTouches(await copyPairs(pool(), query));
    expect(read).toHaveLength(30_000);
    expect(read[6]).toEqual({
      contactId: 0,
      touchId: 2 ** 40 + 7,
      ownerId: null,
      type: 'call',
      occurredAt: 1_767_225_600_007,
    });
    expect(read.at(-1)).toMatchObject({ contactId: 3_000, type: 'meeting' });
  });

  it('refuses a row it cannot read, naming it, and the pool goes on', async () => {
    const query = pairs(
      `(1::int8, 2::int8, 3::int8, 'meeting', 4::int8), (1, 5, 3, 'fax', 6), (1, 7, 3, 'call', 8)`,
    );
    await expect(copyPairs(pool(), query)).rejects.toThrow('touch 5 has an unknown type "fax"');
    expect((await pool().query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    expect(
      unpackTouches(await copyPairs(pool(), pairs(`(1::int8, 2::int8, 3::int8, 'note', 4::int8)`))),
    ).toHaveLength(1);
  });

  it("answers the server's error, and the pool goes on", async () => {
    const query = pairs(`(1::int8, 2::int8, 3::int8, 'meeting', 4::int8 / $1::int8)`, [0]);
    await expect(copyPairs(pool(), query)).rejects.toThrow('division by zero');
    expect((await pool().query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
  });
});
