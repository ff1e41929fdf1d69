import { networkerName } from '../domain/analyze-contact.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import type { Directory, Membership } from '../domain/who-knows-whom.js';
import type { PortalAnalysis } from '../analytics/load-context.js';
import type { StoredFinding } from '../store/repositories/finding-repository.js';

const directories = new WeakMap<PortalAnalysis, Directory>();

/** Names, activity and team memberships of networkers, from the cached portal analysis. */
export function directoryOf(portal: PortalAnalysis): Directory {
  let dir = directories.get(portal);
  if (!dir) {
    dir = buildDirectory(portal);
    directories.set(portal, dir);
  }
  return dir;
}

function buildDirectory(portal: PortalAnalysis): Directory {
  const memberships = new Map<number, Membership[]>();
  const teamName = new Map(portal.network.teams.map((t) => [t.teamId, t.name]));
  for (const role of portal.network.roles) {
    if (role.ownerId === null || role.teamId === null) continue;
    if (role.endsAt !== null && role.endsAt <= portal.ctx.asOf) continue;
    const name = teamName.get(role.teamId);
    if (name === undefined) continue;
    const list = memberships.get(role.ownerId) ?? [];
    list.push({ teamId: role.teamId, teamName: name, kind: role.kind });
    memberships.set(role.ownerId, list);
  }
  return {
    name: (id) => networkerName(portal.ctx, id),
    active: (id) => portal.ctx.owners.get(id)?.archived === false,
    memberships: (id) => memberships.get(id) ?? [],
  };
}

/** The networker a HubSpot user is, by user id (owners carry it). */
export function ownerOfUser(portal: PortalAnalysis, userId: number): number | null {
  for (const o of portal.ctx.owners.values()) if (o.userId === userId) return o.ownerId;
  return null;
}

const RULE_TITLES = new Map(ALL_RULES.map((r) => [r.id, r.title]));

/** A stored finding as the cards show it. */
export function findingView(f: StoredFinding) {
  const fix = f.details['fix'] as { description?: unknown } | undefined;
  return {
    id: f.id,
    ruleId: f.ruleId,
    title: RULE_TITLES.get(f.ruleId) ?? f.ruleId,
    severity: f.severity,
    message: f.message,
    fixHint: typeof f.details['fixHint'] === 'string' ? f.details['fixHint'] : '',
    fix: fix && typeof fix.description === 'string' ? { description: fix.description } : null,
  };
}
