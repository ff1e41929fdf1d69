import { DEFAULT_SETTINGS, type Settings } from '../domain/settings.js';
import { ACTIVITY_KINDS, type NetworkingRole, type Owner } from '../domain/types.js';
import type { MirrorSink } from '../store/mirror-loader.js';
import type { Target } from '../store/repositories/networking-repository.js';
import { plant, type DemoManifest } from './demo-manifest.js';
import type { DemoOptions } from './demo-options.js';
import { DAY_MS, cyclic, type Random } from './demo-random.js';

const TEAM_NAMES = [
  'Public Sector Alliances',
  'Healthcare Partners',
  'Energy Transition Circle',
  'Investor Relations',
  'University Partnerships',
  'Industry Associations',
];

const GOALS = [
  {
    id: 'goal-public-tenders',
    title: 'Win three public-sector framework tenders by 2028',
    description: 'Be known by every decision maker in the regional procurement offices.',
  },
  {
    id: 'goal-health-network',
    title: 'Become the preferred partner of five hospital groups',
    description: '',
  },
  {
    id: 'goal-energy-voice',
    title: 'Shape the national energy-transition agenda',
    description: 'Seats on two advisory boards and a voice in every sector association.',
  },
  {
    id: 'goal-talent',
    title: 'Recruit 40 graduates a year through university ties',
    description: 'No team works on this goal yet.',
  },
];

export function demoSettings(manager: Owner): Settings {
  return {
    ...DEFAULT_SETTINGS,
    vision:
      'Every relationship that matters to Northwind is known by at least two colleagues and serves a goal we chose together.',
    strategy:
      'Networking Teams own the stakeholders of one goal each; a Relationship Owner per key stakeholder; monthly review of coverage, hygiene and Return-on-Relationship.',
    goals: GOALS,
    alerts: { ...DEFAULT_SETTINGS.alerts, managerOwnerId: manager.ownerId },
  };
}

export interface KeyStakeholder {
  contactId: number;
  companyId: number | null;
}

/**
 * Teams, roles and activities, with the role-taxonomy flaws of a real organization planted:
 * a team without a lead, an overlapping Relationship Owner, an expired role, a role still held by a
 * departed networker, and activities without attendees or costs.
 */
export async function writeNetwork(
  sink: MirrorSink,
  ctx: {
    options: DemoOptions;
    random: Random;
    owners: readonly Owner[];
    keyStakeholders: readonly KeyStakeholder[];
    manifest: DemoManifest;
  },
): Promise<void> {
  const { options, random, owners, keyStakeholders, manifest } = ctx;
  const active = owners.filter((o) => !o.archived);
  const departed = owners.filter((o) => o.archived);
  const since = options.asOf - 400 * DAY_MS;
  let nextRole = 1;
  const addRole = async (role: Omit<NetworkingRole, 'roleId'>, targets: Target[] = []) => {
    const roleId = 800_000 + nextRole++;
    await sink.role({ roleId, ...role }, targets);
    manifest.totals.roles += 1;
    return roleId;
  };

  await addRole({
    teamId: null,
    ownerId: cyclic(active, 0).ownerId,
    kind: 'manager_of_network',
    startsAt: since,
    endsAt: null,
  });
  const perTeam = Math.max(1, Math.min(25, Math.floor(keyStakeholders.length / options.teams)));
  for (let t = 0; t < options.teams; t += 1) {
    const teamId = 700_000 + t + 1;
    const targets = keyStakeholders.slice(t * perTeam, (t + 1) * perTeam);
    const companies = [
      ...new Set(targets.map((k) => k.companyId).filter((c): c is number => c !== null)),
    ].slice(0, 3);
    await sink.team(
      {
        teamId,
        name: TEAM_NAMES[t] ?? `${random.faker.commerce.department()} Network ${t + 1}`,
        purpose: `Relationships that serve "${cyclic(GOALS, t).title}"`,
        goalId: cyclic(GOALS, t).id,
        createdAt: since,
      },
      [
        ...targets.map((k) => ({ objectType: 'contact' as const, objectId: k.contactId })),
        ...companies.map((id) => ({ objectType: 'company' as const, objectId: id })),
      ],
    );
    manifest.totals.teams += 1;

    const members = Array.from({ length: 5 + (t % 4) }, (_, m) =>
      cyclic(active, 1 + t * 7 + m * 3),
    );
    const unique = [...new Set(members)];
    if (t === 1) plant(manifest, 'teamWithoutLead', teamId);
    else
      await addRole({
        teamId,
        ownerId: cyclic(unique, 0).ownerId,
        kind: 'team_lead',
        startsAt: since,
        endsAt: null,
      });
    for (const member of unique.slice(1))
      await addRole({
        teamId,
        ownerId: member.ownerId,
        kind: 'networker',
        startsAt: since,
        endsAt: null,
      });
    if (t % 2 === 0)
      await addRole({
        teamId,
        ownerId: cyclic(unique, unique.length - 1).ownerId,
        kind: 'executive_sponsor',
        startsAt: since,
        endsAt: null,
      });

    // Two Relationship Owners split the team's targets; in the first team they overlap on one contact.
    const half = Math.floor(targets.length / 2);
    const firstTargets = targets.slice(0, Math.min(4, half));
    const secondTargets = targets.slice(half, half + Math.min(4, half));
    if (t === 0 && firstTargets[0]) {
      secondTargets.push(firstTargets[0]);
      plant(manifest, 'overlappingRelationshipOwner', firstTargets[0].contactId);
    }
    const asTargets = (list: readonly KeyStakeholder[]) =>
      list.map((k) => ({ objectType: 'contact' as const, objectId: k.contactId }));
    await addRole(
      {
        teamId,
        ownerId: cyclic(unique, 1).ownerId,
        kind: 'relationship_owner',
        startsAt: since,
        endsAt: null,
      },
      asTargets(firstTargets),
    );
    await addRole(
      {
        teamId,
        ownerId: cyclic(unique, 2).ownerId,
        kind: 'relationship_owner',
        startsAt: since,
        endsAt: null,
      },
      asTargets(secondTargets),
    );

    if (t === 2) {
      const roleId = await addRole({
        teamId,
        ownerId: cyclic(unique, 1).ownerId,
        kind: 'networker',
        startsAt: since,
        endsAt: options.asOf - 45 * DAY_MS,
      });
      plant(manifest, 'expiredRole', roleId);
    }
    if (t === 3 && departed[0]) {
      const roleId = await addRole({
        teamId,
        ownerId: departed[0].ownerId,
        kind: 'networker',
        startsAt: since,
        endsAt: null,
      });
      plant(manifest, 'roleHeldByDeparted', roleId);
    }
  }

  for (let a = 0; a < options.activities; a += 1) {
    const activityId = 900_000 + a + 1;
    const noAttendees = a === 3;
    const noCost = a === 7;
    const attendees: Target[] = noAttendees
      ? []
      : [
          ...Array.from({ length: random.int(5, 25) }, () => random.pick(keyStakeholders)).map(
            (k) => ({ objectType: 'contact' as const, objectId: k.contactId }),
          ),
          ...Array.from({ length: random.int(1, 3) }, () => random.pick(active)).map((o) => ({
            objectType: 'owner' as const,
            objectId: o.ownerId,
          })),
        ];
    const unique = [
      ...new Map(attendees.map((x) => [`${x.objectType}:${x.objectId}`, x])).values(),
    ];
    const kind = cyclic(ACTIVITY_KINDS, a);
    const startsAt = options.asOf - random.int(5, 700) * DAY_MS;
    await sink.activity(
      {
        activityId,
        name: `${kind === 'external' ? 'External: ' : ''}${random.faker.company.catchPhrase()}`,
        kind,
        teamId: 700_000 + 1 + (a % options.teams),
        startsAt,
        endsAt: startsAt + random.int(0, 2) * DAY_MS,
        cost: noCost ? null : random.int(5, 200) * 100,
      },
      unique,
    );
    manifest.totals.activities += 1;
    if (noAttendees) plant(manifest, 'activityWithoutAttendees', activityId);
    if (noCost) plant(manifest, 'activityWithoutCost', activityId);
  }
}
