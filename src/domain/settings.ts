import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js';
import { TOUCH_TYPES } from './types.js';

/** The contact properties the Manager of the Network can make required (HubSpot's internal names). */
export const REQUIRABLE_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'phone',
  'company',
  'hs_linkedin_url',
  'lifecyclestage',
  'hubspot_owner_id',
] as const;

const countryCode = z.custom<CountryCode>(
  (c) => typeof c === 'string' && (getCountries() as string[]).includes(c),
  { message: 'must be an ISO 3166 country code such as US or GB' },
);

/**
 * The Manager of the Network's settings: one versioned document per portal.
 * Defaults are those of the product guide; every weight and threshold is a setting.
 */
const perTouchType = (max: number) =>
  z.object(
    Object.fromEntries(TOUCH_TYPES.map((t) => [t, z.number().min(0).max(max)])) as Record<
      (typeof TOUCH_TYPES)[number],
      z.ZodNumber
    >,
  );

const severity = z.enum(['low', 'medium', 'high']);

export const goalSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
});

export const settingsSchema = z.object({
  vision: z.string().max(10_000),
  strategy: z.string().max(20_000),
  goals: z.array(goalSchema).max(100),
  kpiTargets: z.object({
    coverage: z.number().min(0).max(1),
    averageStrength: z.number().min(0).max(100),
    touchesPerNetworkerPerMonth: z.number().min(0),
    newStrongTiesPerQuarter: z.number().min(0),
    hygieneScore: z.number().min(0).max(100),
    ror: z.number().min(0),
  }),
  strength: z.object({
    weights: perTouchType(100),
    halfLifeDays: z.number().positive().max(3650),
    k: z.number().positive(),
    reciprocityCap: z.number().min(0).max(100),
    reciprocityWindowDays: z.number().positive(),
    grades: z.object({ strong: z.number().min(0).max(100), familiar: z.number().min(0).max(100) }),
    threadThreshold: z.number().min(0).max(100),
    coldThreshold: z.number().min(0).max(100),
    trendWindowDays: z.number().positive(),
  }),
  ror: z.object({
    sourcedWeight: z.number().min(0).max(1),
    influencedWeight: z.number().min(0).max(1),
    valuePerIntroduction: z.number().min(0),
    valuePerReferral: z.number().min(0),
    costPerTouch: perTouchType(1_000_000),
  }),
  hygiene: z.object({
    requiredContactProperties: z.array(z.enum(REQUIRABLE_CONTACT_PROPERTIES)).max(50),
    /** Phone numbers without a country code are read as this country's. */
    phoneRegion: countryCode.default('US'),
    /** A touch logged within this many hours of happening counts as logged on time. */
    timelyLoggingHours: z.number().positive().max(720).default(24),
    staleKeyStakeholderDays: z.number().int().positive(),
    rules: z.record(z.string(), z.object({ enabled: z.boolean(), severity: severity.optional() })),
  }),
  alerts: z.object({
    managerOwnerId: z.number().int().positive().nullable(),
    digestEnabled: z.boolean(),
  }),
  schedules: z.object({
    timezone: z.string().min(1),
    audit: z.string().min(9),
    snapshots: z.string().min(9),
    reconciliation: z.string().min(9),
    digests: z.string().min(9),
    inboxPruning: z.string().min(9),
  }),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  vision: '',
  strategy: '',
  goals: [],
  kpiTargets: {
    coverage: 0.8,
    averageStrength: 45,
    touchesPerNetworkerPerMonth: 20,
    newStrongTiesPerQuarter: 3,
    hygieneScore: 85,
    ror: 5,
  },
  strength: {
    weights: { meeting: 3, call: 2, email_in: 1, email_out: 0.5, note: 0.5, event: 2 },
    halfLifeDays: 90,
    k: 5,
    reciprocityCap: 60,
    reciprocityWindowDays: 365,
    grades: { strong: 60, familiar: 40 },
    threadThreshold: 40,
    coldThreshold: 20,
    trendWindowDays: 90,
  },
  ror: {
    sourcedWeight: 1,
    influencedWeight: 0.5,
    valuePerIntroduction: 500,
    valuePerReferral: 1500,
    costPerTouch: { meeting: 150, call: 40, email_in: 5, email_out: 10, note: 5, event: 200 },
  },
  hygiene: {
    requiredContactProperties: ['email', 'firstname', 'lastname', 'jobtitle'],
    staleKeyStakeholderDays: 90,
    phoneRegion: 'US',
    timelyLoggingHours: 24,
    rules: {},
  },
  alerts: { managerOwnerId: null, digestEnabled: true },
  schedules: {
    timezone: 'UTC',
    audit: '0 2 * * *',
    snapshots: '0 3 1 * *',
    reconciliation: '15 * * * *',
    digests: '0 7 * * 1-5',
    inboxPruning: '30 3 * * *',
  },
};
