import { z } from 'zod';

/**
 * What Rapport reads back from HubSpot, parsed with zod: the client library's model classes are
 * trusted no more than any other external input. Unknown fields are ignored.
 */
export const remoteOptionSchema = z.object({ label: z.string(), value: z.string() });

export const remotePropertySchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  description: z.string().optional().default(''),
  groupName: z.string().optional().default(''),
  options: z.array(remoteOptionSchema).optional().default([]),
  hasUniqueValue: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
});
export type RemoteProperty = z.infer<typeof remotePropertySchema>;

export const remoteSchemaSchema = z.object({
  id: z.string(),
  name: z.string(),
  objectTypeId: z.string(),
  fullyQualifiedName: z.string(),
  labels: z.object({ singular: z.string().optional(), plural: z.string().optional() }),
  properties: z.array(remotePropertySchema).default([]),
  requiredProperties: z.array(z.string()).default([]),
  searchableProperties: z.array(z.string()).optional().default([]),
  primaryDisplayProperty: z.string().optional(),
  associations: z
    .array(
      z.object({
        id: z.string(),
        fromObjectTypeId: z.string(),
        toObjectTypeId: z.string(),
        name: z.string().optional(),
      }),
    )
    .default([]),
  archived: z.boolean().optional(),
});
export type RemoteSchema = z.infer<typeof remoteSchemaSchema>;

export const remotePropertyGroupSchema = z.object({
  name: z.string(),
  label: z.string(),
  displayOrder: z.number().optional(),
});
export type RemotePropertyGroup = z.infer<typeof remotePropertyGroupSchema>;

export const remoteAssociationLabelSchema = z.object({
  category: z.string(),
  typeId: z.number(),
  label: z.string().nullable().optional(),
});
export type RemoteAssociationLabel = z.infer<typeof remoteAssociationLabelSchema>;

export const collectionOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ results: z.array(item) });

/** A CRM record from batch reads: properties are strings or null, as HubSpot sends them. */
export const remoteObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
});
export type RemoteObject = z.infer<typeof remoteObjectSchema>;

export const remoteAssociationsSchema = z.object({
  results: z.array(
    z.object({
      _from: z.object({ id: z.string() }).optional(),
      from: z.object({ id: z.string() }).optional(),
      to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })),
    }),
  ),
});

export const remoteOwnerSchema = z.object({
  id: z.string(),
  userId: z.number().nullable().optional(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  archived: z.boolean(),
  updatedAt: z.string(),
});
export type RemoteOwner = z.infer<typeof remoteOwnerSchema>;
