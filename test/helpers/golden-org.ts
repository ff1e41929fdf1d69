import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { DAY_MS } from '../../src/domain/time.js';
import type { TouchType } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import { company, contact, deal, owner, touch } from './builders.js';

/**
 * The small hand-built organization of docs/metrics.md: two networkers, one company, two contacts,
 * one team with its roles, one activity and one won deal. Clean on purpose: the audit must find
 * nothing. `addFlaws` then plants exactly the flaws the golden test expects.
 */
export const GOLDEN = {
  portalId: 555,
  now: Date.UTC(2026, 0, 1),
  ana: 11,
  ben: 12,
  finn: 14,
  contoso: 500,
  chris: 101,
  dana: 102,
  eve: 103,
  team: 700,
  activity: 900,
  deal: 300,
} as const;

const ago = (days: number) => GOLDEN.now - days * DAY_MS;
let nextTouch = 5_000;

async function touches(
  store: Store,
  ownerId: number,
  contactId: number,
  list: readonly [TouchType, number][],
  companyIds: number[] = [],
): Promise<void> {
  for (const [type, days] of list)
    await store.touches.upsert(
      GOLDEN.portalId,
      touch((nextTouch += 1), {
        type,
        ownerId,
        occurredAt: ago(days),
        loggedAt: ago(days) + 3_600_000,
      }),
      { contactIds: [contactId], companyIds },
    );
}

export async function seedCleanOrganization(store: Store): Promise<void> {
  const g = GOLDEN;
  await store.portals.upsert({
    portalId: g.portalId,
    name: 'Golden Org',
    source: 'import',
    createdAt: ago(800),
  });
  await store.settings.save(
    g.portalId,
    { ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, managerOwnerId: g.ana } },
    { changedBy: 'test', changedAt: ago(400), expectedVersion: 0 },
  );
  await store.owners.upsertMany(g.portalId, [
    owner(g.ana, { firstName: 'Ana', lastName: 'Lopez' }),
    owner(g.ben, { firstName: 'Ben', lastName: 'Okafor' }),
  ]);
  await store.companies.upsertMany(g.portalId, [
    company(g.contoso, { name: 'Contoso', ownerId: g.ana }),
  ]);
  await store.contacts.upsertMany(g.portalId, [
    contact(g.chris, {
      firstName: 'Chris',
      lastName: 'Novak',
      ownerId: g.ana,
      primaryCompanyId: g.contoso,
      isKeyStakeholder: true,
      phone: '+1 212 555 0101',
      linkedinUrl: 'https://www.linkedin.com/in/chris-novak',
    }),
    contact(g.dana, {
      firstName: 'Dana',
      lastName: 'Ito',
      ownerId: g.ben,
      primaryCompanyId: g.contoso,
      phone: '+44 20 7946 0123',
    }),
  ]);
  for (const id of [g.chris, g.dana])
    await store.contacts.associateCompany(g.portalId, id, g.contoso, true);
  // Worked example A (Ana and Chris) and B (Ben and Chris, never answered).
  await touches(
    store,
    g.ana,
    g.chris,
    [
      ['meeting', 0],
      ['call', 90],
      ['email_in', 180],
    ],
    [g.contoso],
  );
  await touches(store, g.ben, g.chris, [
    ['meeting', 0],
    ['meeting', 10],
    ['meeting', 20],
    ['meeting', 30],
  ]);
  await touches(store, g.ben, g.dana, [
    ['meeting', 5],
    ['email_in', 6],
  ]);
  await touches(store, g.ana, g.dana, [
    ['email_out', 10],
    ['email_in', 9],
  ]);
  await store.networking.upsertTeam(
    g.portalId,
    {
      teamId: g.team,
      name: 'Contoso Circle',
      purpose: 'Win Contoso',
      goalId: 'g1',
      createdAt: ago(400),
    },
    [
      { objectType: 'contact', objectId: g.chris },
      { objectType: 'company', objectId: g.contoso },
    ],
  );
  const role = (
    roleId: number,
    ownerId: number,
    kind: 'team_lead' | 'networker' | 'relationship_owner',
  ) => ({
    roleId,
    teamId: g.team,
    ownerId,
    kind,
    startsAt: ago(400),
    endsAt: null,
  });
  await store.networking.upsertRole(g.portalId, role(801, g.ana, 'team_lead'), []);
  await store.networking.upsertRole(g.portalId, role(802, g.ben, 'networker'), []);
  await store.networking.upsertRole(g.portalId, role(803, g.ana, 'relationship_owner'), [
    { objectType: 'contact', objectId: g.chris },
  ]);
  await store.networking.upsertActivity(
    g.portalId,
    {
      activityId: g.activity,
      name: 'Contoso summit',
      kind: 'event',
      teamId: g.team,
      startsAt: ago(40),
      endsAt: ago(40),
      cost: 5_000,
    },
    [
      { objectType: 'contact', objectId: g.chris },
      { objectType: 'owner', objectId: g.ana },
    ],
  );
  await store.deals.upsert(
    g.portalId,
    deal(g.deal, {
      name: 'Contoso platform',
      amount: 100_000,
      createdAt: ago(20),
      closeDate: ago(5),
      ownerId: g.ana,
    }),
    { contactIds: [g.chris], companyIds: [g.contoso] },
  );
}

/** Eve, a sloppy copy of Chris; Finn, who knew Dana best and left ten days ago, still holding a role. */
export async function addFlaws(store: Store): Promise<void> {
  const g = GOLDEN;
  await store.owners.upsertMany(g.portalId, [
    owner(g.finn, { firstName: 'Finn', lastName: 'Berg', archived: true, archivedAt: ago(10) }),
  ]);
  await touches(store, g.finn, g.dana, [
    ['meeting', 15],
    ['meeting', 20],
    ['meeting', 25],
    ['email_in', 12],
  ]);
  await store.networking.upsertRole(
    g.portalId,
    {
      roleId: 804,
      teamId: g.team,
      ownerId: g.finn,
      kind: 'networker',
      startsAt: ago(400),
      endsAt: null,
    },
    [],
  );
  await store.contacts.upsertMany(g.portalId, [
    contact(g.eve, {
      email: 'PERSON101@ACME.EXAMPLE',
      firstName: 'Eve',
      lastName: 'Copy',
      ownerId: null,
      jobTitle: null,
      phone: null,
    }),
  ]);
}
