import type { Company, Contact, Deal, Owner, Touch, TouchType } from '../domain/types.js';
import type { HubspotGateway } from '../hubspot/gateway.js';
import type { RemoteObject } from '../hubspot/remote-types.js';
import { fetchNetworking, NETWORKING_PROPERTIES } from './fetch-networking.js';
import { linked, stamps, type FetchedWrite, type Reader } from './record-mapping.js';

export type { FetchedWrite } from './record-mapping.js';
import type { FetchType } from './handlers/handler-table.js';
import {
  COMPANY_PROPERTIES,
  CONTACT_PROPERTIES,
  DEAL_PROPERTIES,
  fieldsFrom,
  parseHubspotInt as int,
  time,
} from './hubspot-fields.js';

const ENGAGEMENT: Record<
  'calls' | 'emails' | 'meetings' | 'notes',
  { properties: string[]; type: (p: Record<string, string | null>) => TouchType }
> = {
  calls: {
    properties: ['hs_timestamp', 'hubspot_owner_id', 'hs_call_direction'],
    type: () => 'call',
  },
  emails: {
    properties: ['hs_timestamp', 'hubspot_owner_id', 'hs_email_direction'],
    type: (p) => (p['hs_email_direction'] === 'INCOMING_EMAIL' ? 'email_in' : 'email_out'),
  },
  meetings: {
    properties: ['hs_timestamp', 'hubspot_owner_id', 'hs_meeting_outcome'],
    type: () => 'meeting',
  },
  notes: { properties: ['hs_timestamp', 'hubspot_owner_id'], type: () => 'note' },
};

const ids = (values: readonly number[]) => [...new Set(values)].map(String);

/**
 * Reads the records behind a group of events (one batch read per 100 ids, associations per 1,000)
 * and returns the write that stores them. Reading happens outside any database transaction.
 */
export async function fetchRecords(
  type: FetchType,
  recordIds: readonly number[],
  gateway: HubspotGateway,
): Promise<FetchedWrite> {
  const wanted = ids(recordIds);
  return buildWrite(type, wanted, recordIds, gateway, (objectType, properties) =>
    gateway.batchReadObjects(objectType, wanted, properties),
  );
}

/** The write for records already read (a backfill's list page): only their associations are read. */
export function writeForRecords(
  type: Exclude<FetchType, 'users'>,
  records: readonly RemoteObject[],
  gateway: HubspotGateway,
): Promise<FetchedWrite> {
  const wanted = records.map((r) => r.id);
  return buildWrite(type, wanted, wanted.map(Number), gateway, async () => [...records]);
}

/** The properties each object type is read with (webhook fetches and backfill alike). */
export function propertiesOf(type: Exclude<FetchType, 'users'>): string[] {
  switch (type) {
    case 'contacts':
      return Object.keys(CONTACT_PROPERTIES);
    case 'companies':
      return Object.keys(COMPANY_PROPERTIES);
    case 'deals':
      return Object.keys(DEAL_PROPERTIES);
    case 'calls':
    case 'emails':
    case 'meetings':
    case 'notes':
      return ENGAGEMENT[type].properties;
    default:
      return NETWORKING_PROPERTIES[type];
  }
}

async function buildWrite(
  type: FetchType,
  wanted: string[],
  recordIds: readonly number[],
  gateway: HubspotGateway,
  read: Reader,
): Promise<FetchedWrite> {
  switch (type) {
    case 'contacts': {
      const [records, companies] = await Promise.all([
        read('contacts', Object.keys(CONTACT_PROPERTIES)),
        gateway.batchReadAssociations('contacts', 'companies', wanted),
      ]);
      const contacts: Contact[] = records.map((o) => ({
        contactId: Number(o.id),
        email: null,
        firstName: null,
        lastName: null,
        phone: null,
        jobTitle: null,
        companyName: null,
        linkedinUrl: null,
        lifecycleStage: null,
        ownerId: null,
        primaryCompanyId: null,
        isKeyStakeholder: false,
        ...fieldsFrom(CONTACT_PROPERTIES, o.properties),
        ...stamps(o),
      }));
      return async (repos, portalId) => {
        await repos.contacts.upsertMany(portalId, contacts);
        await repos.contacts.associateCompanies(
          portalId,
          contacts.flatMap((c) =>
            linked(companies, String(c.contactId)).map((companyId) => ({
              contactId: c.contactId,
              companyId,
              primary: companyId === c.primaryCompanyId,
            })),
          ),
        );
      };
    }
    case 'companies': {
      const records = await read('companies', Object.keys(COMPANY_PROPERTIES));
      const companies: Company[] = records.map((o) => ({
        companyId: Number(o.id),
        name: null,
        domain: null,
        industry: null,
        ownerId: null,
        ...fieldsFrom(COMPANY_PROPERTIES, o.properties),
        ...stamps(o),
      }));
      return (repos, portalId) => repos.companies.upsertMany(portalId, companies);
    }
    case 'deals': {
      const [records, contacts, companies] = await Promise.all([
        read('deals', Object.keys(DEAL_PROPERTIES)),
        gateway.batchReadAssociations('deals', 'contacts', wanted),
        gateway.batchReadAssociations('deals', 'companies', wanted),
      ]);
      const deals: Deal[] = records.map((o) => ({
        dealId: Number(o.id),
        name: null,
        amount: null,
        stage: '',
        closed: false,
        closedWon: false,
        closeDate: null,
        ownerId: null,
        ...fieldsFrom(DEAL_PROPERTIES, o.properties),
        ...stamps(o),
      }));
      return async (repos, portalId) => {
        for (const deal of deals)
          await repos.deals.upsert(portalId, deal, {
            contactIds: linked(contacts, String(deal.dealId)),
            companyIds: linked(companies, String(deal.dealId)),
          });
      };
    }
    case 'calls':
    case 'emails':
    case 'meetings':
    case 'notes': {
      const spec = ENGAGEMENT[type];
      const [records, contacts, companies] = await Promise.all([
        read(type, spec.properties),
        gateway.batchReadAssociations(type, 'contacts', wanted),
        gateway.batchReadAssociations(type, 'companies', wanted),
      ]);
      const touches = records.map((o) => {
        const { createdAt } = stamps(o);
        const touch: Touch = {
          touchId: Number(o.id),
          type: spec.type(o.properties),
          occurredAt: time(o.properties['hs_timestamp']) ?? createdAt,
          loggedAt: createdAt,
          ownerId: int(o.properties['hubspot_owner_id']),
        };
        return { touch, contactIds: linked(contacts, o.id), companyIds: linked(companies, o.id) };
      });
      return (repos, portalId) => repos.touches.upsertMany(portalId, touches);
    }
    case 'users': {
      const owners: Owner[] = [];
      for (const userId of recordIds) {
        const owner = await gateway.getOwnerByUserId(userId);
        if (!owner) continue;
        const updatedAt = Date.parse(owner.updatedAt);
        owners.push({
          ownerId: Number(owner.id),
          userId: owner.userId ?? userId,
          email: owner.email ?? null,
          firstName: owner.firstName ?? null,
          lastName: owner.lastName ?? null,
          archived: owner.archived,
          archivedAt: owner.archived ? updatedAt : null,
          updatedAt,
        });
      }
      return (repos, portalId) => repos.owners.upsertMany(portalId, owners);
    }
    case 'networking_team':
    case 'networking_role':
    case 'networking_activity':
      return fetchNetworking(type, wanted, gateway, read);
  }
}
