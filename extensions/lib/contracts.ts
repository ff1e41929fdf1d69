import { z } from 'zod';

/**
 * The card API's contract, shared by the cards (which parse every response with it) and the
 * service (which builds its responses to it): one definition, so neither side can drift.
 */
export const gradeSchema = z.enum(['strong', 'familiar', 'weak']);
export const trendSchema = z.enum(['rising', 'steady', 'falling']);
export const severitySchema = z.enum(['low', 'medium', 'high']);
export const riskSchema = z.enum([
  'singleThreaded',
  'unthreaded',
  'cold',
  'orphaned',
  'ownerMismatch',
]);

export const knowerSchema = z.object({
  ownerId: z.number(),
  name: z.string(),
  active: z.boolean(),
  score: z.number(),
  grade: gradeSchema,
  trend: trendSchema,
  reason: z.string(),
  lastTouchAt: z.number().nullable(),
  roles: z.array(z.object({ teamId: z.number(), teamName: z.string(), kind: z.string() })),
});

export const findingSchema = z.object({
  id: z.number(),
  ruleId: z.string(),
  title: z.string(),
  severity: severitySchema,
  message: z.string(),
  fixHint: z.string(),
  /** Present when Rapport can make the fix itself. */
  fix: z.object({ description: z.string() }).nullable(),
});

export const teamRefSchema = z.object({
  teamId: z.number(),
  name: z.string(),
  goal: z.object({ id: z.string(), title: z.string() }).nullable(),
});

export const contactCardSchema = z.object({
  contact: z.object({
    id: z.number(),
    name: z.string(),
    ownerId: z.number().nullable(),
    ownerName: z.string().nullable(),
    keyStakeholder: z.boolean(),
  }),
  viewer: z.object({ ownerId: z.number().nullable(), knows: z.boolean(), isOwner: z.boolean() }),
  knowers: z.array(knowerSchema),
  totalKnowers: z.number(),
  /** Knowers come a page at a time (1-based), so a response stays small whatever the network. */
  page: z.number(),
  pageSize: z.number(),
  teams: z.array(teamRefSchema),
  risks: z.array(riskSchema),
  findings: z.array(findingSchema),
  introducer: z
    .object({
      ownerId: z.number(),
      name: z.string(),
      score: z.number(),
      sharedTeams: z.array(z.string()),
    })
    .nullable(),
  successors: z.array(z.object({ ownerId: z.number(), name: z.string(), score: z.number() })),
});
export type ContactCard = z.infer<typeof contactCardSchema>;

export const contactActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('i_know') }),
  z.object({ action: z.literal('request_introduction') }),
  z.object({ action: z.literal('hand_over'), successorOwnerId: z.number().int().positive() }),
  z.object({ action: z.literal('apply_fix'), findingId: z.number().int().positive() }),
  z.object({ action: z.literal('mark_reviewed'), findingId: z.number().int().positive() }),
]);
export type ContactAction = z.infer<typeof contactActionSchema>;

export const actionResultSchema = z.object({
  status: z.enum(['queued', 'done']),
  message: z.string(),
});
export type ActionResult = z.infer<typeof actionResultSchema>;

export const companyCardSchema = z.object({
  company: z.object({ id: z.number(), name: z.string() }),
  coverage: z.object({
    contacts: z.number(),
    threaded: z.number(),
    share: z.number().nullable(),
  }),
  concentration: z.object({
    strongTies: z.number(),
    topOwner: z.string().nullable(),
    topShare: z.number(),
    hhi: z.number(),
  }),
  singleThreaded: z.array(
    z.object({ contactId: z.number(), name: z.string(), holder: z.string() }),
  ),
  networkers: z.array(
    z.object({ ownerId: z.number(), name: z.string(), score: z.number(), contacts: z.number() }),
  ),
  touchesByWeek: z.array(z.object({ week: z.string(), touches: z.number() })),
});
export type CompanyCard = z.infer<typeof companyCardSchema>;

export const kpiSchema = z.object({
  name: z.string(),
  value: z.number().nullable(),
  target: z.number().nullable(),
});

export const teamCardSchema = z.object({
  team: z.object({
    id: z.number(),
    name: z.string(),
    purpose: z.string().nullable(),
    goal: z.object({ id: z.string(), title: z.string() }).nullable(),
  }),
  members: z.array(
    z.object({
      ownerId: z.number(),
      name: z.string(),
      active: z.boolean(),
      roles: z.array(z.string()),
    }),
  ),
  issues: z.array(findingSchema),
  targets: z.object({
    covered: z.array(z.object({ contactId: z.number(), name: z.string(), threads: z.number() })),
    uncovered: z.array(z.object({ contactId: z.number(), name: z.string(), threads: z.number() })),
  }),
  kpis: z.array(kpiSchema),
  ror: z.object({
    value: z.number().nullable(),
    returnTotal: z.number(),
    sourced: z.number(),
    influenced: z.number(),
    introductions: z.number(),
    investmentTotal: z.number(),
    touchCost: z.number(),
    activityCost: z.number(),
    deals: z.number(),
  }),
  atRisk: z.array(
    z.object({ contactId: z.number(), name: z.string(), risks: z.array(riskSchema) }),
  ),
});
export type TeamCard = z.infer<typeof teamCardSchema>;

export const ruleMetaSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  severity: severitySchema,
  settings: z.array(z.string()),
  fixHint: z.string(),
});

export const settingsViewSchema = z.object({
  version: z.number(),
  /** The settings document; validated in full by the service on save. */
  settings: z.record(z.string(), z.unknown()),
  canEdit: z.boolean(),
  history: z.array(
    z.object({
      version: z.number(),
      changedBy: z.string(),
      changedAt: z.number(),
      note: z.string().nullable(),
    }),
  ),
  rules: z.array(ruleMetaSchema),
  dashboard: z.object({
    trends: z.array(z.object({ period: z.string(), metric: z.string(), value: z.number() })),
    teams: z.array(
      z.object({
        teamId: z.number(),
        name: z.string(),
        goalId: z.string().nullable(),
        coverage: z.number().nullable(),
        ror: z.number().nullable(),
      }),
    ),
    atRisk: z.array(
      z.object({ contactId: z.number(), name: z.string(), risk: riskSchema, maxScore: z.number() }),
    ),
    handovers: z.array(
      z.object({
        ownerId: z.number(),
        name: z.string(),
        carried: z.number(),
        carriedOver: z.number(),
      }),
    ),
  }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsSaveSchema = z.object({
  expectedVersion: z.number().int().nonnegative(),
  settings: z.record(z.string(), z.unknown()),
  note: z.string().max(500).optional(),
});

/** Errors carry a reason the card shows; `fields` point at the settings inputs that were wrong. */
export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
