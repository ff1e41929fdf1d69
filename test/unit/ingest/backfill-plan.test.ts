/**
 * The backfill plan: which types are read by list cursors and which by search partitions, from
 * the probed counts and HubSpot's limits (reliability-performance.md §3.2).
 */
import {
  estimate,
  partition,
  planBackfill,
  secondsLeft,
  type TypeCount,
} from '../../../src/ingest/backfill-plan.js';

const PRIVATE_APP = { general: 19, search: 5, latency: 0.275 };
const type = (step: string, records: number, associationKinds: number): TypeCount => ({
  step,
  records,
  associationKinds,
  minId: 1,
  maxId: records,
});
/** The benchmark's portal: 10 touches and 0.1 companies per contact, a deal per 40. */
const portal = (n: number) => [
  type('companies', n / 10, 0),
  type('contacts', n, 1),
  type('deals', n / 40, 2),
  type('calls', (n * 10) / 4, 2),
  type('emails', (n * 10) / 4, 2),
  type('meetings', (n * 10) / 4, 2),
  type('notes', (n * 10) / 4, 2),
];

describe('backfill plan', () => {
  it('never plans slower, nor with more calls, than list cursors alone', () => {
    for (const n of [1_000, 10_000, 100_000, 1_000_000]) {
      const counts = portal(n);
      const plan = planBackfill(counts, PRIVATE_APP);
      const listOnly = estimate(
        counts,
        counts.map(() => 'list' as const),
        PRIVATE_APP,
      );
      expect(plan.predictedSeconds).toBeLessThanOrEqual(listOnly.predictedSeconds);
      expect(plan.generalCalls).toBeLessThanOrEqual(listOnly.generalCalls);
    }
  });

  it('moves types to search on a 1M portal, balancing the two budgets', () => {
    const counts = portal(1_000_000);
    const plan = planBackfill(counts, PRIVATE_APP);
    const listOnly = estimate(
      counts,
      counts.map(() => 'list' as const),
      PRIVATE_APP,
    );
    const searched = Object.entries(plan.steps).filter(([, s]) =>
      ['search', 'converge'].includes(s.path),
    );
    expect(searched.length).toBeGreaterThan(0);
    expect(plan.predictedSeconds).toBeLessThan(listOnly.predictedSeconds);
    // The bound is the larger of the general budget's time and the search budget's time.
    expect(plan.boundSeconds).toBeCloseTo(
      Math.max(plan.generalCalls / 19, plan.searchCalls / 5),
      6,
    );
    // List only: 111,250 pages + 21,050 association reads at 19 per second.
    expect(listOnly.generalCalls).toBe(132_300);
  });

  it('reads big types from both ends, reaching the bound the rate limits allow', () => {
    // On the 100k portal list cursors alone are latency-bound above the rate bound: 2,500 pages
    // of 275 ms for each kind of engagement.
    for (const n of [100_000, 1_000_000]) {
      const counts = portal(n);
      const plan = planBackfill(counts, PRIVATE_APP);
      const paths = Object.values(plan.steps).map((s) => s.path);
      expect(paths).toContain('converge');
      expect(plan.predictedSeconds).toBeCloseTo(plan.boundSeconds, 6);
      const withoutConverging = planBackfill(
        counts.map((c) => ({ ...c })),
        PRIVATE_APP,
        ['list', 'search'],
      );
      expect(plan.predictedSeconds).toBeLessThan(withoutConverging.predictedSeconds);
    }
  });

  it('sends converging records to whichever budget has room, never more than they hold', () => {
    const counts = [type('meetings', 100_000, 2)];
    const both = estimate(counts, ['converge'], PRIVATE_APP);
    const listed = estimate(counts, ['list'], PRIVATE_APP);
    const searched = estimate(counts, ['search'], PRIVATE_APP);
    // Between all by list and all by search, and the two budgets' times equal.
    expect(both.searchCalls).toBeGreaterThan(0);
    expect(both.searchCalls).toBeLessThan(searched.searchCalls);
    expect(both.generalCalls).toBeLessThan(listed.generalCalls);
    expect(both.generalCalls / 19).toBeCloseTo(both.searchCalls / 5, 0);
  });

  it('splits an id range into contiguous partitions covering every id once', () => {
    const parts = partition(101, 1_000, 4);
    expect(parts[0]!.afterId).toBe(100);
    expect(parts.at(-1)!.toId).toBe(1_000);
    for (let i = 1; i < parts.length; i += 1) expect(parts[i]!.afterId).toBe(parts[i - 1]!.toId);
  });

  it('estimates the time left from what is left, reaching zero at the end', () => {
    const counts = portal(100_000);
    const plan = planBackfill(counts, PRIVATE_APP);
    const half = counts.map((c) => ({ ...c, records: c.records / 2 }));
    const none = counts.map((c) => ({ ...c, records: 0 }));
    expect(secondsLeft(counts, plan, PRIVATE_APP)).toBeCloseTo(plan.predictedSeconds, 6);
    expect(secondsLeft(half, plan, PRIVATE_APP)).toBeLessThan(plan.predictedSeconds * 0.6);
    expect(secondsLeft(none, plan, PRIVATE_APP)).toBe(0);
  });
});
