import pgUtils from 'pg/lib/utils.js';
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
import {
  mergedRead,
  resultWrites,
  type ReadInput,
  type ResultWrites,
} from '../../../src/store/repositories/recompute-store.js';
import { toFindingRow } from '../../../src/store/repositories/finding-reconcile.js';
import {
  toCompanyInsightRow,
  toContactInsightRow,
} from '../../../src/store/repositories/insight-rows.js';
import { heldRows } from '../../../src/store/repositories/outbox-repository.js';
import { toRelationshipRow } from '../../../src/store/repositories/relationship-repository.js';
import { CompanyTally } from '../../../src/domain/company-insight.js';
import { contactInsight, relationship, T0 } from '../../helpers/builders.js';
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

/**
 * Rows of a table's columns (those its row mapper writes) holding any value a write may bind:
 * numbers, strings, nulls, and the falsy values a template leaves in the shape.
 */
const rowsOf = (sample: object) =>
  fc.array(
    fc.record(
      Object.fromEntries(
        Object.keys(sample).map((column) => [
          column,
          fc.oneof(id, fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom(null, 0, '')),
        ]),
      ),
    ),
    { maxLength: 3 },
  ) as fc.Arbitrary<never[]>;
const resultInput: fc.Arbitrary<ResultWrites> = fc.record({
  portalId: id,
  relationships: fc.record({
    drops: fc.array(fc.record({ contactId: id, kept: ids }), { maxLength: 3 }),
    rows: rowsOf(toRelationshipRow(1, relationship(1, 2))),
  }),
  contactInsights: fc.record({
    gone: ids,
    rows: rowsOf(toContactInsightRow(1, contactInsight(1))),
  }),
  companyInsights: fc.record({
    gone: ids,
    rows: rowsOf(toCompanyInsightRow(1, new CompanyTally(1).result())),
  }),
  findings: fc.record({
    updates: fc.array(
      fc.record({
        id,
        message: fc.string(),
        severity: fc.string(),
        details: fc.string(),
        alert_owner_id: fc.option(id, { nil: null }),
      }),
      { maxLength: 2 },
    ),
    resolved: ids,
    opened: rowsOf(
      toFindingRow(
        1,
        {
          ruleId: 'r',
          objectType: 'contact',
          objectId: 1,
          severity: 'low',
          message: 'm',
          details: {},
          alertOwnerId: null,
        },
        T0,
      ),
    ),
    alertKeys: fc.array(fc.string(), { maxLength: 2 }),
    now: id,
  }),
  held: rowsOf(heldRows(1, ['k'], T0)[0] ?? {}),
});

type Template<I> = ReturnType<typeof statementTemplate<I, unknown>>;

/** Parameters as node-postgres sends them: an array as its literal's text. */
const sent = (parameters: readonly unknown[]) =>
  parameters.map((p) => (Array.isArray(p) ? pgUtils.prepareValue(p) : p));

/** Each run of random inputs compiles as building each statement from scratch would. */
function agrees<I>(template: Template<I>, dialect: Dialect, inputs: fc.Arbitrary<I>): void {
  const db = compilerFor(dialect);
  fc.assert(
    fc.property(fc.array(inputs, { minLength: 1, maxLength: 8 }), (runs) => {
      for (const input of runs) {
        const { sql, parameters } = template.compile(db, dialect, input);
        const built = template.build(db, input, dialect).compile();
        // A statement built afresh may carry an array as its literal's text: both as sent.
        expect({ sql, parameters: sent(parameters) }).toEqual({
          sql: built.sql,
          parameters: sent(built.parameters),
        });
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
      agrees(resultWrites.bundle, dialect, resultInput);
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

  it('keep the shapes used last, and build inputs of too many values every time', () => {
    const db = compilerFor('sqlite');
    const built: number[] = [];
    const limited = statementTemplate(
      (d: Db, of: { ids: number[] }) => {
        built.push(of.ids.length);
        return d.selectFrom('contacts').select('contact_id').where('contact_id', 'in', of.ids);
      },
      { shapes: 2, values: 4 },
    );
    for (const n of [1, 2, 1, 3, 2, 1, 5, 5]) {
      const input = { ids: Array.from({ length: n }, (_, i) => 100 + n + i) };
      expect(limited.compile(db, 'sqlite', input).parameters).toEqual(input.ids);
    }
    // 3 pushes out 2 (used before 1), 2 then pushes out 1, and 1 pushes out 3; 5 ids are too many.
    expect(built).toEqual([1, 2, 3, 2, 1, 5, 5]);
  });
});
