import type {
  RemoteAssociationLabel,
  RemoteProperty,
  RemotePropertyGroup,
  RemoteSchema,
} from '../remote-types.js';

export type StandardObject = 'contacts' | 'companies';

/** What a portal holds of what Rapport needs, read before planning. */
export interface PortalState {
  schemas: RemoteSchema[];
  properties: Record<StandardObject, RemoteProperty[]>;
  groups: Record<StandardObject, RemotePropertyGroup[]>;
  /** Keyed by `${from}|${to}` with HubSpot object type ids ("2-123", "contacts"). */
  labels: Record<string, RemoteAssociationLabel[]>;
}

export const labelKey = (from: string, to: string): string => `${from}|${to}`;
