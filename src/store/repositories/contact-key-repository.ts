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
}

const KEY_COLUMNS: ColumnTypes<'contact_keys'> = {
  portal_id: 'bigint',
  kind: 'text',
  key: 'text',
  contact_id: 'bigint',
};

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

export function createContactKeyRepository(db: Db, dialect: Dialect): ContactKeyRepository {
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
