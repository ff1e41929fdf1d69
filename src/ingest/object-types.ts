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
