import type { DuplicateKind } from '../../domain/contact-keys.js';
import type { PortalId } from '../../domain/types.js';
import { chunks, type Db } from './db.js';

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
  /** Every contact holding one of these keys. */
  holders(
    portalId: PortalId,
    keys: readonly Omit<ContactKey, 'contactId'>[],
  ): Promise<ContactKey[]>;
}

export function createContactKeyRepository(db: Db): ContactKeyRepository {
  return {
    async replaceForContacts(portalId, contactIds, keys) {
      for (const ids of chunks(contactIds, 1_000))
        await db
          .deleteFrom('contact_keys')
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .execute();
      for (const rows of chunks(keys, 1_000))
        await db
          .insertInto('contact_keys')
          .values(
            rows.map((k) => ({
              portal_id: portalId,
              kind: k.kind,
              key: k.key,
              contact_id: k.contactId,
            })),
          )
          .execute();
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
        out.push(
          ...rows.map((r) => ({
            kind: r.kind as DuplicateKind,
            key: r.key,
            contactId: Number(r.contact_id),
          })),
        );
      }
      return out;
    },
    async holders(portalId, keys) {
      const out: ContactKey[] = [];
      for (const { kind, key } of keys) {
        const rows = await db
          .selectFrom('contact_keys')
          .select(['contact_id'])
          .where('portal_id', '=', portalId)
          .where('kind', '=', kind)
          .where('key', '=', key)
          .execute();
        out.push(...rows.map((r) => ({ kind, key, contactId: Number(r.contact_id) })));
      }
      return out;
    },
  };
}
