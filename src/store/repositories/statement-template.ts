import { CompiledQuery, type Compilable } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Db } from './db.js';

/** Where the first build of a shape put the n-th value of its input. */
class Slot {
  constructor(readonly index: number) {}
}

/** The values a template binds: every number and string. */
const bound = (input: unknown): input is number | string =>
  typeof input === 'number' || typeof input === 'string';

/**
 * Appends `input`'s shape to `key` (each bound value as `#`) and its bound values to `values`, in
 * one walk: the same shape is always walked in the same order.
 */
function walk(input: unknown, key: string[], values: unknown[]): void {
  if (bound(input)) {
    key.push('#');
    values.push(input);
  } else if (Array.isArray(input)) {
    key.push('[');
    for (const item of input) walk(item, key, values);
    key.push(']');
  } else if (input !== null && typeof input === 'object') {
    // for…in, not Object.entries: no pair allocated per field of every row.
    key.push('{');
    for (const name in input) {
      key.push(name, '\u0000');
      walk((input as Record<string, unknown>)[name], key, values);
    }
    key.push('}');
  } else key.push(String(input), ',');
}

/** `input` with each bound value replaced by its place among them. */
function withSlots(input: unknown, next: { index: number }): unknown {
  if (bound(input)) return new Slot(next.index++);
  if (Array.isArray(input)) return input.map((item) => withSlots(item, next));
  if (input !== null && typeof input === 'object')
    return Object.fromEntries(
      Object.entries(input).map(([name, value]) => [name, withSlots(value, next)]),
    );
  return input;
}

/** A compiled parameter with the values of this input in its slots (an array's too). */
const bind = (parameter: unknown, values: readonly unknown[]): unknown =>
  parameter instanceof Slot
    ? values[parameter.index]
    : Array.isArray(parameter)
      ? parameter.map((p: unknown) => bind(p, values))
      : parameter;

/**
 * A statement Kysely builds and compiles once per shape of its input, then only binds: building
 * a query is most of what Kysely costs, and it was most of a one-touch recompute's work on the
 * main thread (docs/benchmarks.md, fifteenth session).
 *
 * The shape is the input with its numbers and strings left out (arrays keep their lengths,
 * objects their fields, and nulls, booleans and undefined stay): the first input of a shape is
 * built with a placeholder for each number and string, and each later input's take their places.
 * So `build` may hand its input's values to Kysely and branch on lengths, on which fields are
 * there and on nulls, but must never test, compare, compute or format with a number or a string
 * (`limit + 1`, `ids.join(',')`, a Set of ids, `if (count)`): whatever it derives is computed
 * before, as an input of its own. Letting a row's zeros shape it would make a shape of every
 * pattern of zeros in a recompute's rows.
 */
export function statementTemplate<I, O>(
  build: (db: Db, input: I, dialect: Dialect) => Compilable<O>,
  limits: {
    /** Shapes kept (of both dialects), the least recently used dropped first. */
    shapes: number;
    /**
     * Inputs of more values are built every time: a batch of hundreds of contacts rarely comes
     * twice in the same shape, and would push out the small shapes that do.
     */
    values: number;
  } = { shapes: 64, values: 2_000 },
) {
  const compiled = new Map<string, CompiledQuery<O>>();
  const compile = (db: Db, dialect: Dialect, input: I): CompiledQuery<O> => {
    const key: string[] = [dialect];
    const values: unknown[] = [];
    walk(input, key, values);
    if (values.length > limits.values) return build(db, input, dialect).compile();
    const cacheKey = key.join('');
    let template = compiled.get(cacheKey);
    if (template === undefined) {
      template = build(db, withSlots(input, { index: 0 }) as I, dialect).compile();
      if (compiled.size >= limits.shapes) compiled.delete(compiled.keys().next().value as string);
    } else compiled.delete(cacheKey);
    compiled.set(cacheKey, template);
    const parameters = template.parameters.map((p) => bind(p, values));
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
