import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';

/** A connection or an open transaction: repositories work the same on both. */
export type Db = Kysely<Tables>;

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
