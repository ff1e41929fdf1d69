import { CompiledQuery, type Compilable } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Db } from './db.js';

/** Where the first build of a shape put the n-th number of its input. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * Appends `input`'s shape to `key` (its numbers as `#`) and its numbers to `numbers`, in one
 * walk: the same shape is always walked in the same order.
 */
function walk(input: unknown, key: string[], numbers: unknown[]): void {
  if (typeof input === 'number') {
    key.push('#');
    numbers.push(input);
  } else if (Array.isArray(input)) {
    key.push('[');
    for (const item of input) walk(item, key, numbers);
    key.push(']');
  } else if (input !== null && typeof input === 'object') {
    key.push('{');
    for (const [name, value] of Object.entries(input)) {
      key.push(JSON.stringify(name));
      walk(value, key, numbers);
    }
    key.push('}');
  } else key.push(JSON.stringify(input) ?? 'u', ',');
}

/** `input` with each number replaced by its place among them. */
function withSlots(input: unknown, next: { index: number }): unknown {
  if (typeof input === 'number') return new Slot(next.index++);
  if (Array.isArray(input)) return input.map((item) => withSlots(item, next));
  if (input !== null && typeof input === 'object')
    return Object.fromEntries(
      Object.entries(input).map(([name, value]) => [name, withSlots(value, next)]),
    );
  return input;
}

/**
 * A statement Kysely builds and compiles once per shape of its input, then only binds: building
 * a query is most of what Kysely costs, and on a one-touch recompute it was a third of the main
 * thread's work (0.3 of its 0.9 ms on PostgreSQL, docs/benchmarks.md, fifteenth session).
 *
 * The shape is the input with its numbers left out (arrays keep their lengths, strings stay as
 * they are): the first input of a shape is built with a placeholder for each of its numbers, and
 * each later input's numbers take their places. So `build` may pass its input's numbers to Kysely
 * as values, and branch on anything but them (a length, a string, whether a field is there), but
 * never compute with a number: `limit + 1` is an input of its own.
 */
export function statementTemplate<I, O>(
  build: (db: Db, input: I, dialect: Dialect) => Compilable<O>,
  /** Shapes kept (of both dialects); beyond them a statement is built every time. */
  maxShapes = 64,
) {
  const compiled = new Map<string, CompiledQuery<O>>();
  const compile = (db: Db, dialect: Dialect, input: I): CompiledQuery<O> => {
    const key: string[] = [dialect];
    const numbers: unknown[] = [];
    walk(input, key, numbers);
    const cacheKey = key.join('');
    let template = compiled.get(cacheKey);
    if (template === undefined) {
      if (compiled.size >= maxShapes) return build(db, input, dialect).compile();
      template = build(db, withSlots(input, { index: 0 }) as I, dialect).compile();
      compiled.set(cacheKey, template);
    }
    const parameters = template.parameters.map((p) => (p instanceof Slot ? numbers[p.index] : p));
    return CompiledQuery.raw(template.sql, parameters) as CompiledQuery<O>;
  };
  return {
    build,
    compile,
    async rows(db: Db, dialect: Dialect, input: I): Promise<O[]> {
      return (await db.executeQuery(compile(db, dialect, input))).rows;
    },
  };
}
