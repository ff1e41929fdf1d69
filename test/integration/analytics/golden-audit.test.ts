/**
 * The full audit on the hand-built organization of docs/metrics.md, on every store: the clean
 * organization yields no finding; the flaws added on top yield exactly the expected findings and
 * the numbers the page derives.
 */
import { rorReport } from '../../../src/analytics/ror-report.js';
import { loadPortalAnalysis } from '../../../src/analytics/load-context.js';
import { runAudit, type AuditReport } from '../../../src/analytics/run-audit.js';
import { DAY_MS } from '../../../src/domain/time.js';
import { addFlaws, GOLDEN, seedCleanOrganization } from '../../helpers/golden-org.js';
import {
  deferredIndexProbes,
  makeTestStore,
  testDialects,
  type TestStore,
} from '../../helpers/test-store.js';

const g = GOLDEN;
const audit = (t: TestStore) =>
  runAudit(t.store, g.portalId, { asOf: g.now, now: g.now, pageSize: 2 });

describe.each(testDialects())('the audit of the golden organization on %s', (dialect) => {
  let t: TestStore;
  let clean: AuditReport;
  let flawed: AuditReport;

  beforeAll(async () => {
    t = await makeTestStore(dialect);
    await seedCleanOrganization(t.store);
    clean = await audit(t);
    await addFlaws(t.store);
    flawed = await audit(t);
  });
  afterAll(() => t.cleanup());

  it('built the indexes its first run went without', async () => {
    expect(await t.store.auditIndexes.defer()).toBe(false);
    const probes = deferredIndexProbes(dialect);
    await t.exec(probes.keys);
    await t.exec(probes.relationships);
  });

  it('finds nothing wrong with the clean organization', () => {
    expect(clean.rules.filter((r) => r.open > 0)).toEqual([]);
    expect(clean.findings).toEqual({ opened: 0, resolved: 0, open: 0 });
    expect(clean.organization.hygieneScore).toBe(100);
  });

  it('stores worked examples A and B as Chris’s relationships, with Ana’s reason', async () => {
    const rels = await t.store.relationships.forContacts(g.portalId, [g.chris]);
    expect(rels.map((r) => [r.ownerId, r.score, r.grade, r.trend, r.capped])).toEqual([
      [g.ana, 57.26, 'familiar', 'rising', false],
      [g.ben, 60, 'strong', 'rising', true],
    ]);
    expect(rels[0]!.reason).toBe(
      '1 meeting and 1 call in the last 90 days, last one today; 1 reply from them in 365 days',
    );
    const [chris] = await t.store.insights.contacts(g.portalId, [g.chris]);
    expect(chris).toMatchObject({
      keyStakeholder: true,
      threads: 2,
      maxScore: 60,
      strongestOwnerId: g.ben,
      singleThreaded: false,
      orphaned: false,
      ownerMismatch: false,
      hygieneScore: 100,
    });
  });

  it('opens exactly the findings the flaws call for, each routed and with a fix hint', async () => {
    const open = await t.store.findings.open(g.portalId);
    expect(open.map((f) => `${f.ruleId}:${f.objectType}:${f.objectId}`).sort()).toEqual(
      [
        `contact_duplicate_email:contact:${g.eve}`,
        `contact_missing_required:contact:${g.eve}`,
        `contact_no_company:contact:${g.eve}`,
        `contact_ownerless:contact:${g.eve}`,
        `relationship_orphaned:contact:${g.dana}`,
        'role_held_by_departed:role:804',
      ].sort(),
    );
    const dup = open.find((f) => f.ruleId === 'contact_duplicate_email')!;
    expect(dup).toMatchObject({
      severity: 'high',
      alertOwnerId: g.ana,
      message: `Same email address as contact ${g.chris}`,
    });
    expect(dup.details).toMatchObject({
      duplicateOf: g.chris,
      fixHint: expect.stringContaining('Merge'),
    });
    expect(open.find((f) => f.ruleId === 'contact_missing_required')!.details).toMatchObject({
      missing: ['jobtitle'],
    });
    // Dana's owner Ben is active: he is alerted that Finn, who knew her best, has left.
    expect(open.find((f) => f.ruleId === 'relationship_orphaned')).toMatchObject({
      alertOwnerId: g.ben,
      message: expect.stringContaining('Finn Berg'),
    });
    expect(flawed.findings).toMatchObject({ opened: 6, resolved: 0, open: 6 });
  });

  it('scores Eve 20 (40 + 20 + 10 + 10 off) and averages the portal over its three contacts: 73.3', async () => {
    const [eve] = await t.store.insights.contacts(g.portalId, [g.eve]);
    expect(eve!.hygieneScore).toBe(20);
    expect(flawed.organization.hygieneScore).toBe(73.3);
  });

  it("tallies each networker's own contacts: Ana owns Chris, Ben owns Dana, Eve is nobody's", () => {
    const owned = (ownerId: number) =>
      flawed.networkers.find((n) => n.ownerId === ownerId)?.crmUsage.ownedContacts;
    expect([owned(g.ana), owned(g.ben), owned(g.finn)]).toEqual([1, 1, 0]);
  });

  it('lists Finn’s handover: Dana, carried over by Ben who met her after Finn left', () => {
    expect(flawed.handovers).toHaveLength(1);
    const [h] = flawed.handovers;
    expect(h).toMatchObject({ ownerId: g.finn, carried: 1, carriedOver: 1 });
    expect(h!.items[0]).toMatchObject({
      contactId: g.dana,
      carriedOver: true,
      successors: [
        { ownerId: g.ben, basis: 'knows' },
        { ownerId: g.ana, basis: 'knows' },
      ],
    });
    expect(h!.items[0]!.scoreAtDeparture).toBeGreaterThan(60);
  });

  it('computes the team’s KPIs: both targets covered, its members’ touches, its summit and its sourced deal', () => {
    const [team] = flawed.teams;
    expect(team).toMatchObject({
      teamId: g.team,
      coverage: 1,
      targets: 2,
      covered: 2,
      members: [g.ana, g.ben, g.finn],
      uncoveredContacts: [],
    });
    expect(team!.averageStrength).toBe(60);
    expect(team!.touches).toBe(14);
  });

  it('attributes the won deal as sourced: Ana called Chris before it was created', async () => {
    const portal = await loadPortalAnalysis(t.store, g.portalId, g.now);
    const ror = await rorReport(
      t.store,
      portal,
      { kind: 'owner', ownerId: g.ana },
      { from: g.now - 365 * DAY_MS, to: g.now + DAY_MS },
    );
    expect(ror.deals).toEqual([
      expect.objectContaining({ dealId: g.deal, attribution: 'sourced', value: 100_000 }),
    ]);
    // Ana's 6 touches in the year (2 meetings… see golden-org) at their unit costs, and her summit.
    expect(ror.investment.activityCost).toBe(5_000);
    expect(ror.return.total).toBe(100_000);
    expect(ror.ror).toBe(Math.round((100_000 / ror.investment.total) * 100) / 100);
  });

  it('keeps history: a flaw fixed and re-audited resolves its finding', async () => {
    await t.store.contacts.upsertMany(g.portalId, [
      { ...(await t.store.contacts.get(g.portalId, g.eve))!, jobTitle: 'Buyer' },
    ]);
    const again = await audit(t);
    expect(again.findings).toMatchObject({ opened: 0, resolved: 1, open: 5 });
    const history = await t.store.findings.history(g.portalId, {
      objectType: 'contact',
      objectId: g.eve,
      limit: 10,
    });
    expect(history.find((f) => f.ruleId === 'contact_missing_required')?.resolvedAt).toBe(g.now);
  });

  it('writes the month’s KPI snapshot for the organization, the team and each networker', async () => {
    const series = await t.store.snapshots.series(g.portalId, {
      scopeType: 'team',
      scopeId: g.team,
      metric: 'coverage',
    });
    expect(series).toEqual([
      { period: '2026-01', scopeType: 'team', scopeId: g.team, metric: 'coverage', value: 1 },
    ]);
    const usage = await t.store.snapshots.series(g.portalId, {
      scopeType: 'owner',
      scopeId: g.ana,
      metric: 'crmUsage',
    });
    expect(usage).toHaveLength(1);
  });
});
