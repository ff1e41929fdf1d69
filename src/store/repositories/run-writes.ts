import { CompiledQuery, sql, type Compilable } from 'kysely';
import { ENDS_TRANSACTION } from '../postgres-prepared-pool.js';
import type { Dialect } from '../dialect.js';
import type { Db } from './db.js';
import { statementTemplate } from './statement-template.js';
import type { Write } from './upsert-rows.js';

/** PostgreSQL binds at most 65,535 parameters per statement; a bundle stays well under that. */
const BUNDLE_PARAMETERS = 30_000;

interface Bundle {
  with(name: string, write: () => Write): Bundle;
  selectNoFrom(selection: unknown): Compilable;
}

/**
 * Runs writes, each to its end. On PostgreSQL a run of them goes as one statement of
 * data-modifying WITH queries: one round trip for what a recompute writes of relationships,
 * contact and company insights, where each write cost one (0.1–0.2 ms of a 2 ms recompute, and
 * as often a scheduling delay in the tail). Bundled writes share one snapshot and run in no set
 * order, so they must touch disjoint rows: a replacement's deletion of the rows it drops and its
 * upsert of the rows it keeps do.
 */
export async function runWrites(
  db: Db,
  dialect: Dialect,
  writes: readonly Write[],
  options: {
    /**
     * Nothing follows these writes in their transaction but its commit: on PostgreSQL the last
     * statement is marked so that a pipelined connection answers for it with the commit.
     */
    endsTransaction?: boolean;
  } = {},
): Promise<void> {
  if (dialect === 'sqlite') {
    // In process: a statement costs no round trip, and SQLite has no data-modifying WITH.
    for (const write of writes) await write.execute();
    return;
  }
  await runBundled(db, writes, options.endsTransaction === true);
}

/** The writes as one statement of data-modifying WITH queries (PostgreSQL's). */
export function bundleOf(db: Db, writes: readonly Write[]): Compilable {
  const [only] = writes;
  if (only && writes.length === 1) return only;
  let query = db as unknown as Bundle;
  writes.forEach((write, i) => {
    query = query.with(`w${i}`, () => write);
  });
  return query.selectNoFrom(sql<number>`1`.as('done'));
}

/** Runs a compiled write; `last`: marked as its transaction's last statement. */
async function runCompiled(db: Db, compiled: CompiledQuery, last: boolean): Promise<void> {
  await db.executeQuery(
    last ? CompiledQuery.raw(ENDS_TRANSACTION + compiled.sql, [...compiled.parameters]) : compiled,
  );
}

/** Compiled once: a bundle over the parameter bound is run as two halves. */
async function runBundled(db: Db, writes: readonly Write[], last: boolean): Promise<void> {
  if (writes.length === 0) return;
  const compiled = bundleOf(db, writes).compile();
  if (compiled.parameters.length <= BUNDLE_PARAMETERS || writes.length === 1) {
    await runCompiled(db, compiled, last);
    return;
  }
  const half = Math.ceil(writes.length / 2);
  await runBundled(db, writes.slice(0, half), false);
  await runBundled(db, writes.slice(half), last);
}

/**
 * Writes built from plain data (see `statementTemplate`): on PostgreSQL their bundle is built by
 * Kysely once per shape of the data.
 */
export function writeTemplate<I>(writes: (db: Db, input: I, dialect: Dialect) => Write[]) {
  return {
    writes,
    bundle: statementTemplate((db: Db, input: I, dialect) =>
      bundleOf(db, writes(db, input, dialect)),
    ),
  };
}

/** `runWrites` of the writes a `writeTemplate` builds from `input`. */
export async function runWriteTemplate<I>(
  db: Db,
  dialect: Dialect,
  template: ReturnType<typeof writeTemplate<I>>,
  input: I,
  options: { endsTransaction?: boolean } = {},
): Promise<void> {
  if (dialect === 'postgres') {
    const compiled = template.bundle.compile(db, dialect, input);
    if (compiled.parameters.length <= BUNDLE_PARAMETERS) {
      await runCompiled(db, compiled, options.endsTransaction === true);
      return;
    }
  }
  await runWrites(db, dialect, template.writes(db, input, dialect), options);
}
