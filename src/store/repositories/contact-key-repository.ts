import { sql } from 'kysely';
import type { DuplicateKind } from '../../domain/contact-keys.js';
import type { PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { chunks, type Db } from './db.js';
import { idBatches, idIn, insertWrites, type ColumnTypes } from './insert-rows.js';
import { KeyColumnPacker, keyChanges, type KeyColumns } from './key-columns.js';

export interface ContactKey {
  kind: DuplicateKind;
  key: string;
  contactId: number;
}

/** The duplicate keys of every contact, so a changed contact finds its group by index. */
export interface ContactKeyRepository {
  replaceForContacts(
    portalId: PortalId,
    contactIds: readonly number[],
    keys: readonly ContactKey[],
  ): Promise<void>;
  ofContacts(portalId: PortalId, contactIds: readonly number[]): Promise<ContactKey[]>;
  /** The stored keys of the contacts with ids in [from, to], as columns. */
  inRange(portalId: PortalId, range: { from: number; to: number }): Promise<KeyColumns>;
  /**
   * Makes the keys of a range of contacts equal `keys`, writing only the difference from `had`
   * (what `inRange` read of it): keys rarely change, so a nightly full run reads them and writes
   * almost nothing. Runs in a transaction. The read may come before it, as the full run's does
   * (beside the page's other reads): a key a concurrent recompute wrote meanwhile is kept, not
   * refused.
   */
  syncRange(
    portalId: PortalId,
    keys: readonly ContactKey[],
    had: KeyColumns,
  ): Promise<{ written: number; removed: number }>;
  /** Every contact holding one of the keys these contacts hold, themselves included: their groups. */
  groupsOf(portalId: PortalId, contactIds: readonly number[]): Promise<ContactKey[]>;
  /** Every contact holding one of these keys. */
  holders(
    portalId: PortalId,
    keys: readonly Omit<ContactKey, 'contactId'>[],
  ): Promise<ContactKey[]>;
  /**
   * Drops the index that finds a key's holders when no portal holds any key yet (a store's first
   * audit): that run's keys then go in unindexed and the index is built once, sorted, at its end
   * (`ensureLookupIndex`), where each page's random inserts into it slowed every page more than
   * the last. Lookups meanwhile scan the portal's keys. True when it was dropped.
   */
  deferLookupIndex(): Promise<boolean>;
  /** Builds the key lookup index when it is missing: after a first audit, or one that stopped midway. */
  ensureLookupIndex(): Promise<void>;
  /**
   * Whether this repository dropped the lookup index and has not built it back: a recompute
   * meanwhile would scan the portal's keys for each contact (seconds at a million), so it waits.
   * Known to this process only.
   */
  lookupDeferred(): boolean;
}

const KEY_COLUMNS: ColumnTypes<'contact_keys'> = {
  portal_id: 'bigint',
  kind: 'text',
  key: 'text',
  contact_id: 'bigint',
};

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/** The lookup index as the migrations made it: a B-tree on SQLite, a hash of the key on PostgreSQL (0007). */
const LOOKUP_INDEX = { sqlite: 'contact_keys_key_idx', postgres: 'contact_keys_key_hash_idx' };

export function createContactKeyRepository(db: Db, dialect: Dialect): ContactKeyRepository {
  let deferred = false;
  async function insertKeys(portalId: PortalId, keys: readonly ContactKey[], skipStored = false) {
    const rows = keys.map((k) => ({
      portal_id: portalId,
      kind: k.kind,
      key: k.key,
      contact_id: k.contactId,
    }));
    for (const write of insertWrites(db, dialect, 'contact_keys', KEY_COLUMNS, rows, {
      skipStored,
    }))
      await write.execute();
  }
  /**
   * Inserts keys read as missing before this transaction began: a recompute may have written some
   * since, and those it wrote stay. On PostgreSQL plainly first, under a savepoint (a first audit
   * inserts 2.6M keys, and skipping stored ones makes each insert a speculative one), then, only
   * if one was there, skipping them.
   */
  async function insertUnlessStored(portalId: PortalId, keys: readonly ContactKey[]) {
    if (dialect === 'sqlite' || keys.length === 0) return insertKeys(portalId, keys, true);
    await sql`savepoint unstored_keys`.execute(db);
    try {
      await insertKeys(portalId, keys);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await sql`rollback to savepoint unstored_keys`.execute(db);
      await insertKeys(portalId, keys, true);
    }
    await sql`release savepoint unstored_keys`.execute(db);
  }
  return {
    async replaceForContacts(portalId, contactIds, keys) {
      for (const ids of chunks(contactIds, 1_000))
        await db
          .deleteFrom('contact_keys')
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .execute();
      await insertKeys(portalId, keys);
    },
    async inRange(portalId, range) {
      const rows = await keysInRangeQuery(db, portalId, range).execute();
      const packer = new KeyColumnPacker();
      for (const r of rows) packer.pushKey(toContactKey(r));
      return packer.done();
    },
    async syncRange(portalId, keys, had) {
      const { stale, fresh } = keyChanges(had, keys);
      for (const kind of new Set(stale.map((r) => r.kind)))
        for (const ids of idBatches(
          dialect,
          stale.filter((r) => r.kind === kind).map((r) => r.contactId),
        ))
          await db
            .deleteFrom('contact_keys')
            .where('portal_id', '=', portalId)
            .where('kind', '=', kind)
            .where(idIn(dialect, 'contact_id', ids))
            .execute();
      await insertUnlessStored(portalId, fresh);
      return { written: fresh.length, removed: stale.length };
    },
    async ofContacts(portalId, contactIds) {
      const out: ContactKey[] = [];
      for (const ids of chunks(contactIds, 1_000)) {
        const rows = await db
          .selectFrom('contact_keys')
          .select(['kind', 'key', 'contact_id'])
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .execute();
        out.push(...rows.map(toContactKey));
      }
      return out;
    },
    async groupsOf(portalId, contactIds) {
      const out: ContactKey[] = [];
      for (const ids of chunks(contactIds, 1_000))
        out.push(...(await groupsQuery(db, portalId, ids).execute()).map(toContactKey));
      return out;
    },
    async deferLookupIndex() {
      const any = await db.selectFrom('contact_keys').select('portal_id').limit(1).execute();
      if (any.length > 0) return false;
      await db.schema.dropIndex(LOOKUP_INDEX[dialect]).ifExists().execute();
      deferred = true;
      return true;
    },
    lookupDeferred: () => deferred,
    async ensureLookupIndex() {
      try {
        const name = LOOKUP_INDEX[dialect];
        const exists =
          dialect === 'postgres'
            ? sql<{ found: string | null }>`select to_regclass(${name})::text as found`
            : sql<{
                found: string | null;
              }>`select name as found from sqlite_master where type = 'index' and name = ${name}`;
        if ((await exists.execute(db)).rows[0]?.found) return;
        const index = db.schema.createIndex(name).on('contact_keys');
        await (
          dialect === 'postgres'
            ? index.using('hash').column('key')
            : index.columns(['portal_id', 'kind', 'key'])
        ).execute();
        // Without statistics for the new index, SQLite's planner joined a group by scanning every
        // key of the portal (a recompute took seconds instead of a millisecond).
        await sql`analyze contact_keys`.execute(db);
      } finally {
        // Built, or failed to build: recomputes go on either way (scanning, if it failed).
        deferred = false;
      }
    },
    async holders(portalId, keys) {
      const out: ContactKey[] = [];
      for (const batch of chunks(keys, 200)) {
        const rows = await db
          .selectFrom('contact_keys')
          .select(['kind', 'key', 'contact_id'])
          .where('portal_id', '=', portalId)
          .where((eb) =>
            eb.or(batch.map((k) => eb.and([eb('kind', '=', k.kind), eb('key', '=', k.key)]))),
          )
          .execute();
        out.push(...rows.map(toContactKey));
      }
      return out;
    },
  };
}

/** Every holder of a key some of `contactIds` hold, themselves included. */
export function groupsQuery(db: Db, portalId: PortalId, contactIds: readonly number[]) {
  return db
    .selectFrom('contact_keys as own')
    .innerJoin('contact_keys as h', (j) =>
      j
        .onRef('h.portal_id', '=', 'own.portal_id')
        .onRef('h.kind', '=', 'own.kind')
        .onRef('h.key', '=', 'own.key'),
    )
    .select(['h.kind', 'h.key', 'h.contact_id'])
    .distinct()
    .where('own.portal_id', '=', portalId)
    .where('own.contact_id', 'in', [...contactIds]);
}

/**
 * The keys these contacts hold, each with its first holder (the lowest contact id holding it):
 * all a recompute needs of a group whose membership it does not change, however many hold it.
 */
export function heldKeysQuery(db: Db, portalId: PortalId, contactIds: readonly number[]) {
  return db
    .selectFrom('contact_keys as own')
    .select(['own.kind', 'own.key', 'own.contact_id'])
    .select((eb) =>
      eb
        .selectFrom('contact_keys as h')
        .select((h) => h.fn.min('h.contact_id').as('first'))
        .whereRef('h.portal_id', '=', 'own.portal_id')
        .whereRef('h.kind', '=', 'own.kind')
        .whereRef('h.key', '=', 'own.key')
        .as('first_holder'),
    )
    .where('own.portal_id', '=', portalId)
    .where('own.contact_id', 'in', [...contactIds]);
}

/** A key a contact holds, and the first holder of that key. */
export interface HeldKey extends ContactKey {
  firstHolder: number;
}

export const toHeldKey = (r: {
  kind: string;
  key: string;
  contact_id: number;
  first_holder: number | null;
}): HeldKey => ({
  ...toContactKey(r),
  // The key's own holder is among its holders: the subquery never finds none.
  firstHolder: Number(r.first_holder ?? r.contact_id),
});

/**
 * The stored keys of a range, in no particular order: ordered by contact, PostgreSQL chose a
 * bitmap scan and sorted 50,000 keys on disk for each page (57 ms of a 78 ms read), where the
 * comparison orders them itself (`keyChanges`).
 */
export function keysInRangeQuery(db: Db, portalId: PortalId, range: { from: number; to: number }) {
  return db
    .selectFrom('contact_keys')
    .select(['contact_id', 'kind', 'key'])
    .where('portal_id', '=', portalId)
    .where('contact_id', '>=', range.from)
    .where('contact_id', '<=', range.to);
}

export function toContactKey(r: { kind: string; key: string; contact_id: number }): ContactKey {
  return { kind: r.kind as DuplicateKind, key: r.key, contactId: Number(r.contact_id) };
}
