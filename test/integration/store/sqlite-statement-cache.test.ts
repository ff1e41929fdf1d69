import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from '../../../src/store/sqlite-statement-cache.js';

interface Tables {
  t: { id: number; name: string };
}

describe('SQLite statement cache', () => {
  let raw: Database.Database;
  let db: Kysely<Tables>;
  let prepared: string[];
  beforeEach(async () => {
    raw = new Database(':memory:');
    prepared = [];
    const prepare = raw.prepare.bind(raw);
    jest.spyOn(raw, 'prepare').mockImplementation((text: string) => {
      prepared.push(text);
      return prepare(text);
    });
    db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: withStatementCache(raw, 3) }),
    });
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db
      .insertInto('t')
      .values([1, 2, 3].map((id) => ({ id, name: `n${id}` })))
      .execute();
    prepared.length = 0;
  });
  afterEach(() => db.destroy());

  const byId = (id: number) => db.selectFrom('t').select('name').where('id', '=', id).execute();

  it('prepares each distinct query once, whatever its parameters', async () => {
    expect(await byId(1)).toEqual([{ name: 'n1' }]);
    expect(await byId(2)).toEqual([{ name: 'n2' }]);
    await db.updateTable('t').set({ name: 'x' }).where('id', '=', 3).execute();
    await db.updateTable('t').set({ name: 'y' }).where('id', '=', 3).execute();
    expect(await byId(3)).toEqual([{ name: 'y' }]);
    expect(prepared).toHaveLength(2);
  });

  it('keeps only the most recently used queries', async () => {
    const inList = (n: number) =>
      db
        .selectFrom('t')
        .select('id')
        .where(
          'id',
          'in',
          Array.from({ length: n }, (_, i) => i + 1),
        )
        .execute();
    for (const n of [1, 2, 3, 4, 1]) await inList(n); // the fifth query was evicted by the fourth
    expect(prepared).toHaveLength(5);
  });

  it('runs a streamed query again once its stream has ended', async () => {
    const names = db.selectFrom('t').select('name').orderBy('id');
    for await (const row of names.stream()) {
      expect(row).toEqual({ name: 'n1' });
      break;
    }
    expect(await names.execute()).toHaveLength(3);
    expect(prepared).toHaveLength(1);
  });
});
