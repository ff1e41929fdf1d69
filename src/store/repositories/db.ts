import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';

/** A connection or an open transaction: repositories work the same on both. */
export type Db = Kysely<Tables>;

/**
 * A portal, or a query of one: a recompute's read names the portal of the marks its own
 * statement takes, on PostgreSQL, before it knows them (see `takeAndRead`).
 */
export type PortalRef = PortalId | Expression<number>;

/**
 * Ids as a list, or as an array-valued query (the ids of the marks the same statement takes).
 * A query's ids are compared with `= any(array(…))`, which PostgreSQL looks up by index even
 * within an OR of scopes, where `in (subquery)` made the findings' read a sequential scan.
 */
export type IdsRef = readonly number[] | Expression<readonly number[]>;

/** Whether ids are a query's, not a list. */
export const isQueried = (ids: IdsRef): ids is Expression<readonly number[]> => !Array.isArray(ids);

/** `column` is one of `ids` (a list must not be empty: `in ()` is no SQL). */
export const idIs = (column: string, ids: IdsRef): RawBuilder<SqlBool> =>
  isQueried(ids)
    ? sql<SqlBool>`${sql.ref(column)} = any(${ids})`
    : sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids as readonly number[])})`;

/** Whether `ids` may name some id: a query may, a list when it is not empty. */
export const mayName = (ids: IdsRef): boolean => isQueried(ids) || ids.length > 0;

export const flag = (value: boolean): number => (value ? 1 : 0);
export const isSet = (value: number | null | undefined): boolean => value === 1;

/** Splits writes so no statement exceeds the drivers' bound-parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const numOrNull = (value: number | null): number | null =>
  value === null ? null : Number(value);
