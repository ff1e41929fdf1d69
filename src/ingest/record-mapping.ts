import type { RemoteObject } from '../hubspot/remote-types.js';
import type { Repositories } from '../store/store.js';

/** Records read from HubSpot, ready to be written in one transaction with the events' completion. */
export type FetchedWrite = (repos: Repositories, portalId: number) => Promise<void>;

/** Reads records of a type with some properties (by ids for webhooks; already listed for a backfill). */
export type Reader = (objectType: string, properties: string[]) => Promise<RemoteObject[]>;

export const stamps = (o: RemoteObject) => ({
  createdAt: Date.parse(o.createdAt),
  updatedAt: Date.parse(o.updatedAt),
});

/** The ids associated with one record, from a batch association read. */
export const linked = (map: Map<string, string[]>, id: string) => (map.get(id) ?? []).map(Number);
