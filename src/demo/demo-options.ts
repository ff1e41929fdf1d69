import { z } from 'zod';

/** Sizes and seed of a demo organization; the defaults are the one `npm start` loads. */
export const demoOptionsSchema = z.object({
  portalId: z.number().int().positive().default(99_990_001),
  seed: z.number().int().nonnegative().default(42),
  /** Touches are spread over the two years before this instant (default: today, 00:00 UTC). */
  asOf: z.number().int().positive().optional(),
  networkers: z.number().int().min(5).max(100_000).default(50),
  departed: z.number().int().min(0).default(3),
  contacts: z.number().int().min(50).max(50_000_000).default(3_000),
  companies: z.number().int().min(10).max(10_000_000).default(400),
  touches: z.number().int().min(0).max(500_000_000).default(60_000),
  deals: z.number().int().min(0).max(10_000_000).default(250),
  teams: z.number().int().min(2).max(1_000).default(6),
  activities: z.number().int().min(2).max(100_000).default(20),
  /** Rows per bulk-load batch: bounds memory at any size. */
  batchSize: z.number().int().min(100).max(100_000).default(10_000),
});

export type DemoOptionsInput = z.input<typeof demoOptionsSchema>;
export type DemoOptions = z.output<typeof demoOptionsSchema> & { asOf: number };

export function resolveDemoOptions(input: DemoOptionsInput = {}): DemoOptions {
  const parsed = demoOptionsSchema.parse(input);
  if (parsed.departed >= parsed.networkers)
    throw new Error('departed must be fewer than networkers');
  const today = new Date();
  const asOf =
    parsed.asOf ?? Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { ...parsed, asOf };
}
