import { z } from 'zod';

/** HubSpot sends at most 100 events per request (hubspot-facts.md §2). */
export const MAX_EVENTS_PER_BATCH = 100;

const id = z.number().int().nonnegative();

/**
 * One webhook event, legacy (`contact.propertyChange`) or generic (`object.propertyChange` with
 * `objectTypeId`). Unknown fields are kept: they are stored with the event.
 */
export const webhookEventSchema = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: z.number().int().positive(),
  appId: id.optional(),
  occurredAt: z.number().int().positive(),
  subscriptionType: z.string().min(1).max(100),
  attemptNumber: z.number().int().nonnegative(),
  objectId: id.optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().nullable().optional(),
  changeSource: z.string().optional(),
  changeFlag: z.string().optional(),
  sourceId: z.string().optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
  newObjectId: id.optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  fromObjectTypeId: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  associationType: z.string().optional(),
  associationCategory: z.string().optional(),
  associationRemoved: z.boolean().optional(),
  isPrimaryAssociation: z.boolean().optional(),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookBatchSchema = z
  .array(webhookEventSchema)
  .min(1, 'the batch is empty')
  .max(MAX_EVENTS_PER_BATCH, `a batch holds at most ${MAX_EVENTS_PER_BATCH} events`);
