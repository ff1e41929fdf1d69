import { z } from 'zod';

/**
 * The current HubSpot project component format (platform 2026.03), as far as Rapport uses it.
 * Sources: HubSpot/hubspot-project-components 2025.2 and 2026.03 components and AGENTS.md.
 */
export const PLATFORM_VERSION = '2026.03';

const uid = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'uid: letters, digits, _ and - only (max 64)');
const httpsUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('https://') && !/^https:\/\/(localhost|127\.|\[::1\])/.test(u),
    'must be an https URL that HubSpot can reach (not localhost)',
  );

export const appComponentSchema = z
  .object({
    uid,
    type: z.literal('app'),
    config: z.object({
      name: z.string().min(1).max(200),
      description: z.string().max(8_192),
      distribution: z.enum(['private', 'marketplace']),
      auth: z.object({
        type: z.enum(['static', 'oauth']),
        requiredScopes: z.array(z.string().min(1)).min(1),
        optionalScopes: z.array(z.string()),
        conditionallyRequiredScopes: z.array(z.string()),
      }),
      permittedUrls: z.object({
        fetch: z.array(httpsUrl),
        iframe: z.array(httpsUrl),
        img: z.array(httpsUrl),
      }),
      support: z
        .object({
          supportEmail: z.string().email(),
          documentationUrl: httpsUrl,
          supportUrl: httpsUrl,
        })
        .partial(),
    }),
  })
  .refine(
    (app) => app.config.distribution !== 'marketplace' || app.config.auth.type === 'oauth',
    'a marketplace app must use oauth',
  );

export const CARD_LOCATIONS = [
  'crm.record.tab',
  'crm.record.sidebar',
  'crm.preview',
  'helpdesk.sidebar',
] as const;

export const cardComponentSchema = z.object({
  uid,
  type: z.literal('card'),
  config: z.object({
    name: z.string().min(1).max(100),
    description: z.string().optional(),
    location: z.enum(CARD_LOCATIONS),
    entrypoint: z
      .string()
      .regex(
        /^\/app\/cards\/[A-Za-z0-9_-]+\.(tsx|jsx)$/,
        'entrypoint must be /app/cards/<File>.tsx (no sub-folders)',
      ),
    objectTypes: z.array(z.string().min(1)).min(1),
  }),
});

export const settingsComponentSchema = z.object({
  uid,
  type: z.literal('settings'),
  config: z.object({
    entrypoint: z
      .string()
      .regex(
        /^\/app\/settings\/[A-Za-z0-9_-]+\.(tsx|jsx)$/,
        'entrypoint must be /app/settings/<File>.tsx',
      ),
  }),
});

const subscription = z.object({
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z]+$/),
  objectType: z.string().min(1).optional(),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

export const webhooksComponentSchema = z.object({
  uid,
  type: z.literal('webhooks'),
  config: z.object({
    settings: z.object({
      targetUrl: httpsUrl,
      maxConcurrentRequests: z.number().int().min(1).max(100),
    }),
    subscriptions: z.object({
      crmObjects: z.array(subscription.extend({ objectType: z.string().min(1) })),
      legacyCrmObjects: z.array(subscription),
      hubEvents: z.array(subscription),
    }),
  }),
});

export type AppComponent = z.infer<typeof appComponentSchema>;
export type CardComponent = z.infer<typeof cardComponentSchema>;
export type SettingsComponent = z.infer<typeof settingsComponentSchema>;
export type WebhooksComponent = z.infer<typeof webhooksComponentSchema>;
