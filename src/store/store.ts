import type { Kysely } from 'kysely';
import type { BulkLoader } from './bulk/bulk-loader.js';
import type { Dialect } from './dialect.js';
import {
  createCompanyRepository,
  type CompanyRepository,
} from './repositories/company-repository.js';
import {
  createContactRepository,
  type ContactRepository,
} from './repositories/contact-repository.js';
import {
  createAuditIndexRepository,
  type AuditIndexRepository,
} from './repositories/audit-indexes.js';
import type { Db } from './repositories/db.js';
import { createDealRepository, type DealRepository } from './repositories/deal-repository.js';
import {
  createFindingRepository,
  type FindingRepository,
} from './repositories/finding-repository.js';
import {
  createDeadLetterRepository,
  type DeadLetterRepository,
} from './repositories/dead-letter-repository.js';
import { createInboxRepository, type InboxRepository } from './repositories/inbox-repository.js';
import {
  createMirrorChangeRepository,
  type MirrorChangeRepository,
} from './repositories/mirror-change-repository.js';
import {
  createNetworkingRepository,
  type NetworkingRepository,
} from './repositories/networking-repository.js';
import { createOutboxRepository, type OutboxRepository } from './repositories/outbox-repository.js';
import { createOwnerRepository, type OwnerRepository } from './repositories/owner-repository.js';
import { createPortalRepository, type PortalRepository } from './repositories/portal-repository.js';
import {
  createSettingsRepository,
  type SettingsRepository,
} from './repositories/settings-repository.js';
import {
  createSnapshotRepository,
  type SnapshotRepository,
} from './repositories/snapshot-repository.js';
import { createTouchRepository, type TouchRepository } from './repositories/touch-repository.js';
import {
  createContactKeyRepository,
  type ContactKeyRepository,
} from './repositories/contact-key-repository.js';
import { createDirtyRepository, type DirtyRepository } from './repositories/dirty-repository.js';
import {
  createInsightRepository,
  type InsightRepository,
} from './repositories/insight-repository.js';
import {
  createIntroductionRepository,
  type IntroductionRepository,
} from './repositories/introduction-repository.js';
import {
  createRelationshipRepository,
  type RelationshipRepository,
} from './repositories/relationship-repository.js';
import { createJobRepository, type JobRepository } from './repositories/job-repository.js';
import { createRecomputeStore, type RecomputeStore } from './repositories/recompute-store.js';
import type { Tables } from './tables.js';

export interface Repositories {
  portals: PortalRepository;
  owners: OwnerRepository;
  contacts: ContactRepository;
  companies: CompanyRepository;
  deals: DealRepository;
  touches: TouchRepository;
  networking: NetworkingRepository;
  settings: SettingsRepository;
  findings: FindingRepository;
  snapshots: SnapshotRepository;
  inbox: InboxRepository;
  deadLetters: DeadLetterRepository;
  outbox: OutboxRepository;
  changes: MirrorChangeRepository;
  relationships: RelationshipRepository;
  insights: InsightRepository;
  contactKeys: ContactKeyRepository;
  auditIndexes: AuditIndexRepository;
  dirty: DirtyRepository;
  recompute: RecomputeStore;
  introductions: IntroductionRepository;
  jobs: JobRepository;
}

/** The only way the rest of Rapport reaches its data. */
export interface Store extends Repositories {
  readonly dialect: Dialect;
  /** Where the data lives, without credentials: for logs and the startup summary. */
  readonly location: string;
  /**
   * Runs `work` in one transaction: all of its writes land, or none. `derived: true` is for a
   * transaction that writes only what can be computed again from data it leaves marked (the
   * recompute removes its dirty marks in the same transaction): its commit need not wait for the
   * disk, because a crash that loses it loses the removal of the marks too, and they are redone.
   */
  transaction<T>(
    work: (repos: Repositories) => Promise<T>,
    options?: { derived?: boolean },
  ): Promise<T>;
  /**
   * Fast load of new rows in one transaction; nothing else may write meanwhile. `analyze: false`
   * skips refreshing planner statistics, for loads that are one page of many.
   */
  bulkLoad<T>(
    work: (loader: BulkLoader) => Promise<T>,
    options?: { analyze?: boolean },
  ): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How each repository is made over a connection or a transaction. */
const FACTORIES: { [K in keyof Repositories]: (db: Db, dialect: Dialect) => Repositories[K] } = {
  portals: (db) => createPortalRepository(db),
  owners: (db) => createOwnerRepository(db),
  contacts: (db) => createContactRepository(db),
  companies: (db) => createCompanyRepository(db),
  deals: (db) => createDealRepository(db),
  touches: (db) => createTouchRepository(db),
  networking: (db) => createNetworkingRepository(db),
  settings: (db) => createSettingsRepository(db),
  findings: (db, dialect) => createFindingRepository(db, dialect),
  snapshots: (db) => createSnapshotRepository(db),
  inbox: (db, dialect) => createInboxRepository(db, dialect),
  deadLetters: (db) => createDeadLetterRepository(db),
  outbox: (db, dialect) => createOutboxRepository(db, dialect),
  changes: (db, dialect) => createMirrorChangeRepository(db, dialect),
  relationships: (db) => createRelationshipRepository(db),
  insights: (db) => createInsightRepository(db),
  contactKeys: (db, dialect) => createContactKeyRepository(db, dialect),
  auditIndexes: (db, dialect) => createAuditIndexRepository(db, dialect),
  dirty: (db, dialect) => createDirtyRepository(db, dialect),
  recompute: (db, dialect) => createRecomputeStore(db, dialect),
  introductions: (db) => createIntroductionRepository(db),
  jobs: (db) => createJobRepository(db),
};
const NAMES = Object.keys(FACTORIES) as (keyof Repositories)[];

export function createRepositories(db: Db, dialect: Dialect): Repositories {
  return Object.fromEntries(
    NAMES.map((name) => [name, FACTORIES[name](db, dialect)]),
  ) as unknown as Repositories;
}

/**
 * A transaction's repositories, each made when first used. A transaction uses two or three of
 * them, and making all 21 (some 300 closures) per transaction was a tenth of what a one-touch
 * recompute and its webhook allocated, so young-generation collections came twice as often.
 */
class TransactionRepositories {
  constructor(
    readonly db: Db,
    readonly dialect: Dialect,
  ) {}
}
for (const name of NAMES)
  Object.defineProperty(TransactionRepositories.prototype, name, {
    get(this: TransactionRepositories) {
      const value = FACTORIES[name](this.db, this.dialect);
      Object.defineProperty(this, name, { value });
      return value;
    },
  });

export const transactionRepositories = (db: Db, dialect: Dialect): Repositories =>
  new TransactionRepositories(db, dialect) as unknown as Repositories;

/** A store with its query builder, for the opener to migrate before handing the store out. */
export interface OpenedStore {
  store: Store;
  db: Kysely<Tables>;
}
