import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

export interface PreparedLimits {
  /** Distinct statements this process names; later ones run unnamed (planned every time). */
  statements: number;
  /** Longer texts (multi-row inserts of a thousand rows) are not worth a server-side plan each. */
  textLength: number;
}

type QueryResult = PostgresQueryResult<unknown>;

/**
 * Marks a transaction's last statement (a recompute's bundled write): on a pipelined pool it is
 * answered for with the commit that follows it, in one round trip.
 */
export const ENDS_TRANSACTION = '/* ends its transaction */ ';

/**
 * Kysely's view of `pool` in which each parameterised statement is prepared once per connection
 * and its plan reused: node-postgres otherwise sends every statement unnamed, which PostgreSQL
 * parses and plans on every execution (measured on a one-touch recompute's merged read: 0.6 ms of
 * planning for 0.4 ms of execution; named, the statement took 0.25–0.36 ms instead of 0.9).
 *
 * For a pool of id lookups only (the recompute's): after five executions PostgreSQL may switch a
 * prepared statement to a generic plan, which suits `id in (…)` but could misjudge range scans.
 *
 * When `pool` pipelines (node-postgres's `pipeline: true`: a statement is written without waiting
 * for the answer to the one before), a transaction's `begin` is answered for with its first
 * statement, and a statement marked `ENDS_TRANSACTION` with the commit after it: each pair shares
 * one round trip. A one-touch recompute was five round trips, and on this machine each wait is a
 * chance of a stall of milliseconds (docs/benchmarks.md, fourteenth session). A deferred
 * statement's failure fails the statement answered with it (a commit: nothing is committed).
 */
export function preparedStatementPool(
  pool: pg.Pool,
  limits: PreparedLimits = { statements: 200, textLength: 8_192 },
): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limits.statements && text.length <= limits.textLength) {
      name = `rapport_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  const pipelined = (pool.options as { pipeline?: boolean }).pipeline === true;
  return {
    async connect() {
      const client = await pool.connect();
      // A statement written but answered for with the next one, and whether a transaction is open.
      let deferred: Promise<unknown> | null = null;
      let inTransaction = false;
      const send = (text: string, parameters: readonly unknown[]): Promise<QueryResult> => {
        // Without parameters (begin, commit) the simple protocol is cheaper than any plan.
        const name = parameters.length > 0 ? nameOf(text) : undefined;
        return client.query(
          name === undefined ? text : { name, text, values: [...parameters] },
          name === undefined ? [...parameters] : undefined,
        ) as unknown as Promise<QueryResult>;
      };
      const query = (text: string, parameters: readonly unknown[]): Promise<QueryResult> => {
        const begin = text === 'begin' && parameters.length === 0;
        const ends = text === 'commit' || text === 'rollback';
        const defer =
          pipelined &&
          deferred === null &&
          (begin || (inTransaction && text.startsWith(ENDS_TRANSACTION)));
        if (begin) inTransaction = true;
        if (ends) inTransaction = false;
        if (defer) {
          deferred = send(text, parameters);
          // Its outcome is awaited with the next statement's; until then it must not go unhandled.
          deferred.catch(() => undefined);
          return Promise.resolve({ rows: [] } as unknown as QueryResult);
        }
        const result = send(text, parameters);
        if (deferred === null) return result;
        const before = deferred;
        deferred = null;
        // A rollback undoes the deferred statement whatever its outcome; anything else fails with it.
        if (text === 'rollback')
          return Promise.all([before.catch(() => undefined), result]).then(([, r]) => r);
        return Promise.all([before, result]).then(([, answer]) => answer);
      };
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
