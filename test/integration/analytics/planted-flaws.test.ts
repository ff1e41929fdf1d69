/**
 * `rapport audit` on the demo organization finds every flaw the generator planted, on the record
 * the manifest names; field-level flaws are found exactly (no false alarms on clean records).
 */
import { handoverFor } from '../../../src/analytics/handover-report.js';
import { loadPortalAnalysis } from '../../../src/analytics/load-context.js';
import { runAudit, type AuditReport } from '../../../src/analytics/run-audit.js';
import type { DemoManifest, FlawKind } from '../../../src/demo/demo-manifest.js';
import { FLAW_KINDS } from '../../../src/demo/demo-manifest.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import type { StoredFinding } from '../../../src/store/repositories/finding-repository.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const PORTAL = 99_990_001;
const AS_OF = Date.UTC(2026, 10, 1);

/** Which rules find each planted flaw; `exact` when the manifest lists every record the rule may flag. */
const EXPECTED: Record<FlawKind, { rules: string[]; exact: boolean }> = {
  duplicateEmailCase: { rules: ['contact_duplicate_email'], exact: false },
  duplicateNameCompany: { rules: ['contact_duplicate_name_company'], exact: false },
  missingEmail: { rules: ['contact_missing_required'], exact: false },
  malformedEmail: { rules: ['contact_malformed_email'], exact: true },
  malformedPhone: { rules: ['contact_malformed_phone'], exact: true },
  malformedLinkedin: { rules: ['contact_malformed_linkedin'], exact: true },
  ownerless: { rules: ['contact_ownerless'], exact: true },
  ownedByDeparted: { rules: ['contact_owner_deactivated'], exact: true },
  noCompany: { rules: ['contact_no_company'], exact: true },
  singleThreadedKeyStakeholder: {
    rules: [
      'key_stakeholder_single_threaded',
      'key_stakeholder_unthreaded',
      'key_stakeholder_cold',
    ],
    exact: false,
  },
  overlappingRelationshipOwner: { rules: ['relationship_owner_overlap'], exact: true },
  expiredRole: { rules: ['role_expired'], exact: true },
  roleHeldByDeparted: { rules: ['role_held_by_departed'], exact: true },
  teamWithoutLead: { rules: ['team_without_lead'], exact: true },
  activityWithoutAttendees: { rules: ['activity_without_attendees'], exact: true },
  activityWithoutCost: { rules: ['activity_without_cost'], exact: true },
};

describe('the audit of the demo organization', () => {
  let t: TestStore;
  let manifest: DemoManifest;
  let report: AuditReport;
  let open: StoredFinding[];

  beforeAll(async () => {
    t = await makeTestStore('sqlite');
    ({ manifest } = await seedDemo(t.store, { portalId: PORTAL, seed: 7, asOf: AS_OF }));
    report = await runAudit(t.store, PORTAL, { asOf: AS_OF, now: AS_OF });
    open = await t.store.findings.open(PORTAL);
  }, 60_000);
  afterAll(() => t.cleanup());

  const foundBy = (rules: string[]) =>
    new Set(open.filter((f) => rules.includes(f.ruleId)).map((f) => f.objectId));

  it.each(FLAW_KINDS)('finds every planted %s', (kind) => {
    const { rules, exact } = EXPECTED[kind];
    const planted = manifest.ids[kind];
    expect(planted.length).toBeGreaterThan(0);
    const found = foundBy(rules);
    expect(planted.filter((id) => !found.has(id))).toEqual([]);
    if (exact) expect([...found].sort((a, b) => a - b)).toEqual([...planted].sort((a, b) => a - b));
  });

  it('reports on every contact and names the missing email among the missing properties', () => {
    expect(report.contacts).toBe(manifest.totals.contacts);
    const missing = open.filter(
      (f) =>
        f.ruleId === 'contact_missing_required' && manifest.ids.missingEmail.includes(f.objectId),
    );
    expect(missing.every((f) => (f.details['missing'] as string[]).includes('email'))).toBe(true);
  });

  it('suggests the strongest networker as the new owner of contacts whose owner left', () => {
    const withFix = open.filter(
      (f) => f.ruleId === 'contact_owner_deactivated' && f.details['fix'],
    );
    expect(withFix.length).toBeGreaterThan(0);
    for (const f of withFix)
      expect(f.details['fix']).toMatchObject({
        action: 'set_property',
        property: 'hubspot_owner_id',
      });
  });

  it('gives every departed networker a handover list', () => {
    expect(report.handovers).toHaveLength(3);
    expect(report.handovers.every((h) => h.carried > 0)).toBe(true);
  });

  it('gathers the handovers in its one pass exactly as they read from the stored relationships', async () => {
    // The settings page and the alert digest read a playbook back with `handoverFor`.
    const portal = await loadPortalAnalysis(t.store, PORTAL, AS_OF);
    const stored = await Promise.all(
      report.handovers.map((h) => handoverFor(t.store, portal, h.ownerId)),
    );
    expect(report.handovers).toEqual(stored);
    expect(report.handovers.some((h) => h.carriedOver > 0 && h.carriedOver < h.carried)).toBe(true);
  });

  it('summarizes rules, risks, scores and team KPIs', () => {
    expect(report.rules.find((r) => r.ruleId === 'contact_malformed_email')?.open).toBe(
      manifest.counts.malformedEmail,
    );
    expect(report.risks.singleThreaded).toBeGreaterThan(0);
    expect(report.organization.hygieneScore).toBeGreaterThan(50);
    expect(report.organization.hygieneScore).toBeLessThan(100);
    expect(report.teams).toHaveLength(6);
    expect(report.networkers).toHaveLength(50);
  });
});
