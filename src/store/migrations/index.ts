import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { initialMigration } from './0001-initial.js';
import { deadLettersMigration } from './0002-dead-letters.js';
import { analyticsMigration } from './0003-analytics.js';
import { jobsMigration } from './0004-jobs.js';
import { strongTiesMigration } from './0005-strong-ties.js';
import { dirtyOrderMigration } from './0006-dirty-order.js';
import { keyHashIndexMigration } from './0007-key-hash-index.js';
import { phoneReadingMigration } from './0008-phone-reading.js';
import { findingChangedAtMigration } from './0009-finding-changed-at.js';
import { activeContactsIndexMigration } from './0010-active-contacts-index.js';
import { phoneRegionMigration } from './0011-phone-region.js';
import { companyTallyMigration } from './0012-company-tally.js';

/** Every migration this version knows, in order. Names never change once released. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-dead-letters': deadLettersMigration(dialect),
    '0003-analytics': analyticsMigration(dialect),
    '0004-jobs': jobsMigration(dialect),
    '0005-strong-ties': strongTiesMigration(),
    '0006-dirty-order': dirtyOrderMigration(),
    '0007-key-hash-index': keyHashIndexMigration(dialect),
    '0008-phone-reading': phoneReadingMigration(),
    '0009-finding-changed-at': findingChangedAtMigration(),
    '0010-active-contacts-index': activeContactsIndexMigration(),
    '0011-phone-region': phoneRegionMigration(),
    '0012-company-tally': companyTallyMigration(),
  };
}
