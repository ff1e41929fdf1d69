import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { initialMigration } from './0001-initial.js';

/** Every migration this version knows, in order. Names never change once released. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
  };
}
