import type { Expression, Kysely } from 'kysely';
import type { PortalId } from '../../domain/types.js';
import type { Tables } from '../tables.js';

/** A connection or an open transaction: repositories work the same on both. */
export type Db = Kysely<Tables>;

/**
 * A portal, or a query of one: a recompute's read names the portal of the marks its own
 * statement takes, on PostgreSQL, before it knows them (see `takeAndRead`).
 */
export type PortalRef = PortalId | Expression<number>;

/** Ids as a list, or as a query of one column (the ids of the marks the same statement takes). */
export type IdsRef = readonly number[] | Expression<number>;

/** Whether ids are a query's, not a list. */
export const isQueried = (ids: IdsRef): ids is Expression<number> => !Array.isArray(ids);

/** `ids` as the right side of `in`: a list copied (Kysely takes a mutable array), a query as is. */
export const idsIn = (ids: IdsRef): number[] | Expression<number> =>
  isQueried(ids) ? ids : [...(ids as readonly number[])];

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
