import type { HubspotGateway } from '../gateway.js';
import { applySetup, type ApplyReport } from './apply-setup.js';
import { describePlan, planSetup, type SetupPlan } from './plan-setup.js';
import { readPortalState } from './read-portal-state.js';

export interface SetupOutcome {
  plan: SetupPlan;
  report: ApplyReport | undefined;
}

/**
 * `rapport hubspot setup`: read what the portal has, print the plan, apply only the difference
 * (unless dry-run). Conflicts are never applied; the caller exits non-zero when there are any.
 */
export async function runSetup(
  gateway: HubspotGateway,
  options: { dryRun: boolean; print: (line: string) => void },
): Promise<SetupOutcome> {
  options.print('Reading the portal…');
  const state = await readPortalState(gateway);
  const plan = planSetup(state);
  for (const line of describePlan(plan)) options.print(line);
  if (options.dryRun || plan.steps.length === 0) {
    if (options.dryRun) options.print('Dry run: nothing was changed.');
    return { plan, report: undefined };
  }
  const report = await applySetup(gateway, plan, state.schemas, options.print);
  options.print(
    `Applied ${report.applied} change${report.applied === 1 ? '' : 's'}${report.alreadyThere.length ? `, ${report.alreadyThere.length} already there` : ''}.`,
  );
  for (const [name, id] of Object.entries(report.objectTypeIds))
    options.print(`  ${name}: object type ${id}`);
  return { plan, report };
}
