/**
 * HubSpot-defined properties Rapport reads or subscribes to, per object type as webhooks name them.
 * Sources: HubSpot's default property lists (contacts, companies, deals) and hubspot-facts.md §7.
 */
export const STANDARD_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  contact: [
    'hubspot_owner_id',
    'email',
    'firstname',
    'lastname',
    'company',
    'jobtitle',
    'lifecyclestage',
    'hs_linkedin_url',
    'phone',
    'associatedcompanyid',
    'createdate',
    'lastmodifieddate',
  ],
  company: ['hubspot_owner_id', 'name', 'domain', 'industry', 'createdate', 'hs_lastmodifieddate'],
  deal: [
    'dealstage',
    'amount',
    'closedate',
    'hubspot_owner_id',
    'dealname',
    'pipeline',
    'createdate',
    'hs_lastmodifieddate',
  ],
  call: ['hs_timestamp', 'hs_call_direction', 'hubspot_owner_id'],
  email: ['hs_timestamp', 'hs_email_direction', 'hubspot_owner_id'],
  meeting_event: ['hs_timestamp', 'hs_meeting_outcome', 'hubspot_owner_id'],
  note: ['hs_timestamp', 'hubspot_owner_id'],
  user: [],
};

/** Object types webhooks may name, besides Rapport's custom objects (`p_<name>`). */
export const STANDARD_WEBHOOK_OBJECT_TYPES = Object.keys(STANDARD_PROPERTIES);
