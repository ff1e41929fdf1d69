import type { HubspotGateway } from '../hubspot/gateway.js';

/**
 * HubSpot object type ids of generic (`object.*`) webhook events, mapped to the object names our
 * webhooks component subscribes with. Custom objects ("2-…") are resolved per portal.
 */
export const OBJECT_TYPE_NAMES: Readonly<Record<string, string>> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-46': 'note',
  '0-47': 'meeting_event',
  '0-48': 'call',
  '0-49': 'email',
  '0-115': 'user',
};

/** The handler-table key of an event: `<objectType>/<subscriptionType>` for generic events, else the type. */
export function handlerKey(subscriptionType: string, objectTypeName: string | undefined): string {
  return subscriptionType.startsWith('object.')
    ? `${objectTypeName ?? 'unknown'}/${subscriptionType}`
    : subscriptionType;
}

/**
 * Object type id → the name webhooks use. Rapport's custom objects ("2-…") differ per portal, so
 * they are looked up once in the portal's schemas and cached (again when an unknown id appears).
 */
export function createObjectTypeResolver(gateway: HubspotGateway | undefined) {
  let customTypes: Map<string, string> | undefined;
  return async (objectTypeId: string | undefined): Promise<string | undefined> => {
    if (!objectTypeId) return undefined;
    if (OBJECT_TYPE_NAMES[objectTypeId]) return OBJECT_TYPE_NAMES[objectTypeId];
    if (!objectTypeId.startsWith('2-') || !gateway) return undefined;
    if (!customTypes?.has(objectTypeId)) {
      const schemas = await gateway.listSchemas();
      customTypes = new Map(schemas.map((s) => [s.objectTypeId, `p_${s.name}`]));
    }
    return customTypes.get(objectTypeId);
  };
}
