import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import pgUtils from 'pg/lib/utils.js';
import { insertWrites } from '../../../src/store/repositories/insert-rows.js';
import type { Db } from '../../../src/store/repositories/db.js';
import type { Tables } from '../../../src/store/tables.js';

const db: Db = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'NULL', '"', '\\', '\\"', '{a,b}', ' lead', 'o\'brien "jr"', 'zoë@例え.jp'),
);

describe('many rows inserted on PostgreSQL', () => {
  it('send each column as exactly the array literal node-postgres would make of it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            contact_id: fc.oneof(fc.integer(), fc.constant(2 ** 53 - 1)),
            kind: text,
            key: fc.option(text, { nil: null }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (keys) => {
          const rows = keys.map((k) => ({ portal_id: 7, ...k })) as Tables['contact_keys'][];
          const [write] = insertWrites(
            db,
            'postgres',
            'contact_keys',
            { portal_id: 'bigint', kind: 'text', key: 'text', contact_id: 'bigint' },
            rows,
          );
          const sent = write?.compile().parameters ?? [];
          const columns = ['portal_id', 'kind', 'key', 'contact_id'] as const;
          expect(sent).toEqual(
            columns.map((c) => pgUtils.prepareValue(rows.map((r) => r[c] ?? null))),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
