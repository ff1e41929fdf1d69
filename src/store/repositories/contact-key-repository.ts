import { sql } from 'kysely';
import type { DuplicateKind } from '../../domain/contact-keys.js';
import type { PortalId } from '../../domain/types.js';
import type { Dialect } from '../dialect.js';
import { chunks, type Db } from './db.js';
import { idBatches, idIn, insertWrites, type ColumnTypes } from './insert-rows.js';

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
  /**
   * Makes the keys of the contacts with ids in [from, to] equal `keys`, writing only the
   * difference: keys rarely change, so a nightly full run reads them and writes almost nothing.
   */
  syncRange(
    portalId: PortalId,
    range: { from: number; to: number },
    keys: readonly ContactKey[],
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

/** The lookup index as the migrations made it: a B-tree on SQLite, a hash of the key on PostgreSQL (0007). */
const LOOKUP_INDEX = { sqlite: 'contact_keys_key_idx', postgres: 'contact_keys_key_hash_idx' };

export function createContactKeyRepository(db: Db, dialect: Dialect): ContactKeyRepository {
  let deferred = false;
  async function insertKeys(portalId: PortalId, keys: readonly ContactKey[]) {
    const rows = keys.map((k) => ({
      portal_id: portalId,
      kind: k.kind,
      key: k.key,
      contact_id: k.contactId,
    }));
    for (const write of insertWrites(db, dialect, 'contact_keys', KEY_COLUMNS, rows))
      await write.execute();
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
    async syncRange(portalId, range, keys) {
      const had = (
        await db
          .selectFrom('contact_keys')
          .select(['kind', 'key', 'contact_id'])
          .where('portal_id', '=', portalId)
          .where('contact_id', '>=', range.from)
          .where('contact_id', '<=', range.to)
          // The primary key's order: no sort on either store.
          .orderBy('contact_id')
          .execute()
      ).map(toContactKey);
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
      await insertKeys(portalId, fresh);
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

const byContact = (a: ContactKey, b: ContactKey) => a.contactId - b.contactId;

/**
 * What turns the stored keys `had` into `want`: the rows to remove and those to write. Both are
 * walked once in contact order, one contact's few keys (one per kind at most) compared at a
 * time: a page holds some 50,000 keys, and two Maps of them per page were most of a nightly
 * run's key sync on the main thread, which writes almost nothing.
 */
export function keyChanges(
  had: readonly ContactKey[],
  want: readonly ContactKey[],
): { stale: ContactKey[]; fresh: ContactKey[] } {
  const sorted = (rows: readonly ContactKey[]) =>
    rows.every((r, i) => i === 0 || (rows[i - 1] as ContactKey).contactId <= r.contactId)
      ? rows
      : [...rows].sort(byContact);
  const [a, b] = [sorted(had), sorted(want)];
  // Whether rows[start, end) (one contact's) hold k.
  const holds = (rows: readonly ContactKey[], start: number, end: number, k: ContactKey) => {
    for (let at = start; at < end; at += 1) {
      const r = rows[at] as ContactKey;
      if (r.kind === k.kind && r.key === k.key) return true;
    }
    return false;
  };
  const stale: ContactKey[] = [];
  const fresh: ContactKey[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const contactId = Math.min(a[i]?.contactId ?? Infinity, b[j]?.contactId ?? Infinity);
    const [hadFrom, wantFrom] = [i, j];
    while (a[i]?.contactId === contactId) i += 1;
    while (b[j]?.contactId === contactId) j += 1;
    for (let at = hadFrom; at < i; at += 1)
      if (!holds(b, wantFrom, j, a[at] as ContactKey)) stale.push(a[at] as ContactKey);
    for (let at = wantFrom; at < j; at += 1)
      if (!holds(a, hadFrom, i, b[at] as ContactKey)) fresh.push(b[at] as ContactKey);
  }
  return { stale, fresh };
}

export function toContactKey(r: { kind: string; key: string; contact_id: number }): ContactKey {
  return { kind: r.kind as DuplicateKind, key: r.key, contactId: Number(r.contact_id) };
}
