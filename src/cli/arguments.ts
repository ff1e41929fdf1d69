import { z } from 'zod';
import { ValidationError } from '../shared/errors.js';
import type { Store } from '../store/store.js';

/** A whole number given on the command line, with the flag's name in the error. */
export function toInt(flag: string, value: unknown): number {
  const parsed = z.coerce
    .number()
    .int()
    .nonnegative()
    .max(Number.MAX_SAFE_INTEGER)
    .safeParse(value);
  if (!parsed.success || value === '' || value === true)
    throw new ValidationError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return parsed.data;
}

/** A calendar day (UTC midnight) given as YYYY-MM-DD. */
export function toDate(flag: string, value: unknown): number {
  const parsed = z.iso.date().safeParse(value);
  if (!parsed.success)
    throw new ValidationError(
      `${flag} must be a date like 2026-11-28, got ${JSON.stringify(value)}`,
    );
  return Date.parse(`${parsed.data}T00:00:00Z`);
}

/** The portal a command works on: the one given, else the store's only portal. */
export async function resolvePortal(store: Store, given: unknown): Promise<number> {
  const portals = await store.portals.list();
  if (given !== undefined) {
    const id = toInt('--portal-id', given);
    if (!portals.some((p) => p.portalId === id))
      throw new ValidationError(
        `portal ${id} is not in ${store.location}`,
        `known portals: ${portals.map((p) => p.portalId).join(', ') || 'none'}`,
      );
    return id;
  }
  const [only, ...rest] = portals;
  if (!only)
    throw new ValidationError(
      `${store.location} holds no portal yet`,
      'run `rapport seed-demo` for the demo organization, or connect HubSpot (docs/hubspot.md)',
    );
  if (rest.length > 0)
    throw new ValidationError(
      'the store holds several portals; say which with --portal-id',
      `known portals: ${portals.map((p) => p.portalId).join(', ')}`,
    );
  return only.portalId;
}
