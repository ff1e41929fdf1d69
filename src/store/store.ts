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
import {
  createOutboxRepository,
  holdWrites,
  type OutboxRepository,
} from './repositories/outbox-repository.js';
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

export function createRepositories(db: Db, dialect: Dialect): Repositories {
  const outbox = createOutboxRepository(db, dialect);
  return {
    portals: createPortalRepository(db),
    owners: createOwnerRepository(db),
    contacts: createContactRepository(db),
    companies: createCompanyRepository(db),
    deals: createDealRepository(db),
    touches: createTouchRepository(db),
    networking: createNetworkingRepository(db),
    settings: createSettingsRepository(db),
    findings: createFindingRepository(db, dialect, holdWrites),
    snapshots: createSnapshotRepository(db),
    inbox: createInboxRepository(db, dialect),
    deadLetters: createDeadLetterRepository(db),
    outbox,
    changes: createMirrorChangeRepository(db, dialect),
    relationships: createRelationshipRepository(db),
    insights: createInsightRepository(db),
    contactKeys: createContactKeyRepository(db, dialect),
    dirty: createDirtyRepository(db, dialect),
    recompute: createRecomputeStore(db, dialect),
    introductions: createIntroductionRepository(db),
    jobs: createJobRepository(db),
  };
}

/** A store with its query builder, for the opener to migrate before handing the store out. */
export interface OpenedStore {
  store: Store;
  db: Kysely<Tables>;
}
