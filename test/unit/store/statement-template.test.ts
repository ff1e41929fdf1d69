import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Dialect } from '../../../src/store/dialect.js';
import type { Db } from '../../../src/store/repositories/db.js';
import {
  countPresent,
  takeMarks,
  takeWithCount,
  type TakeInput,
} from '../../../src/store/repositories/dirty-repository.js';
import { mergedRead, type ReadInput } from '../../../src/store/repositories/recompute-store.js';
import { statementTemplate } from '../../../src/store/repositories/statement-template.js';
import type { Tables } from '../../../src/store/tables.js';

/** Kysely compiling for a dialect, connected to nothing. */
const compilerFor = (dialect: Dialect): Db =>
  new Kysely<Tables>({
    dialect:
      dialect === 'postgres'
        ? {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          }
        : {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          },
  });
const DIALECTS: Dialect[] = ['postgres', 'sqlite'];

const id = fc.integer({ min: 1, max: 2 ** 40 });
const ids = fc.array(id, { maxLength: 4 });
const readInput: fc.Arbitrary<ReadInput> = fc.record({
  portalId: id,
  contactIds: ids,
  companyIds: ids,
  touchIds: ids,
  scopes: fc.array(
    fc.record(
      {
        ruleIds: fc.array(fc.constantFrom('email-malformed', 'owner-missing', 'touch-orphan'), {
          minLength: 1,
          maxLength: 2,
        }),
        objectType: fc.constantFrom('contact' as const, 'touch' as const),
        range: fc.record({ from: id, to: id }),
        ids,
      },
      { requiredKeys: ['ruleIds'] },
    ),
    { maxLength: 3 },
  ),
});
const takeInput: fc.Arbitrary<TakeInput> = fc
  .record({
    limit: fc.integer({ min: 1, max: 1_000 }),
    portalId: fc.option(id, { nil: undefined }),
  })
  .map((t) => ({ ...t, sample: t.limit + 1 }));

type Template<I> = ReturnType<typeof statementTemplate<I, unknown>>;

/** Each run of random inputs compiles as building each statement from scratch would. */
function agrees<I>(template: Template<I>, dialect: Dialect, inputs: fc.Arbitrary<I>): void {
  const db = compilerFor(dialect);
  fc.assert(
    fc.property(fc.array(inputs, { minLength: 1, maxLength: 8 }), (runs) => {
      for (const input of runs) {
        const { sql, parameters } = template.compile(db, dialect, input);
        const built = template.build(db, input, dialect).compile();
        expect({ sql, parameters }).toEqual({ sql: built.sql, parameters: built.parameters });
      }
    }),
    { numRuns: 150 },
  );
}

describe('statement templates', () => {
  it('bind each input as the statement built from it would, whatever shapes came before', () => {
    for (const dialect of DIALECTS) {
      agrees(mergedRead, dialect, readInput);
      agrees(takeMarks, dialect, takeInput);
      agrees(countPresent, dialect, takeInput);
      agrees(takeWithCount, dialect, takeInput);
    }
  });

  it('bind the numbers of a later input in place of the first one of its shape', () => {
    const db = compilerFor('postgres');
    const byIds = statementTemplate((d: Db, of: { portalId: number; ids: number[] }) =>
      d
        .selectFrom('contacts')
        .select('contact_id')
        .where('portal_id', '=', of.portalId)
        .where('contact_id', 'in', of.ids),
    );
    const first = byIds.compile(db, 'postgres', { portalId: 1, ids: [10, 11] });
    const later = byIds.compile(db, 'postgres', { portalId: 2, ids: [20, 21] });
    expect(later.sql).toBe(first.sql);
    expect(first.parameters).toEqual([1, 10, 11]);
    expect(later.parameters).toEqual([2, 20, 21]);
    // Another length is another shape: three placeholders, not the first shape's two.
    expect(byIds.compile(db, 'postgres', { portalId: 3, ids: [1, 2, 3] }).parameters).toEqual([
      3, 1, 2, 3,
    ]);
  });

  it('build every time once it holds its most shapes, still binding each input right', () => {
    const db = compilerFor('sqlite');
    const built = jest.fn();
    const limited = statementTemplate((d: Db, of: { ids: number[] }) => {
      built();
      return d.selectFrom('contacts').select('contact_id').where('contact_id', 'in', of.ids);
    }, 2);
    for (const n of [1, 2, 3, 3, 1]) {
      const input = { ids: Array.from({ length: n }, (_, i) => 100 + n + i) };
      expect(limited.compile(db, 'sqlite', input).parameters).toEqual(input.ids);
    }
    // Shapes 1 and 2 built once each; shape 3, over the bound, both times it ran.
    expect(built).toHaveBeenCalledTimes(4);
  });
});
