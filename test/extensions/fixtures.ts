import type {
  CompanyCard,
  ContactCard,
  SettingsView,
  TeamCard,
} from '../../extensions/lib/contracts.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';

/** Card API answers as the service builds them (each is parsed with the shared contract in the tests). */
export const contactCard: ContactCard = {
  contact: {
    id: 123,
    name: 'Chris Novak',
    ownerId: 11,
    ownerName: 'Ana Lopez',
    keyStakeholder: true,
  },
  viewer: { ownerId: 11, knows: true, isOwner: true },
  knowers: [
    {
      ownerId: 12,
      name: 'Ben Okafor',
      active: true,
      score: 60,
      grade: 'strong',
      trend: 'rising',
      reason:
        '4 meetings in the last 90 days, last one today; held at 60: no reply from them in 365 days',
      lastTouchAt: 1_767_225_600_000,
      roles: [{ teamId: 700, teamName: 'Contoso Circle', kind: 'networker' }],
    },
    {
      ownerId: 11,
      name: 'Ana Lopez',
      active: true,
      score: 57.26,
      grade: 'familiar',
      trend: 'rising',
      reason:
        '1 meeting and 1 call in the last 90 days, last one today; 1 reply from them in 365 days',
      lastTouchAt: 1_767_225_600_000,
      roles: [{ teamId: 700, teamName: 'Contoso Circle', kind: 'team_lead' }],
    },
  ],
  totalKnowers: 2,
  page: 1,
  pageSize: 25,
  teams: [{ teamId: 700, name: 'Contoso Circle', goal: { id: 'g1', title: 'Win Contoso' } }],
  risks: ['ownerMismatch'],
  findings: [
    {
      id: 77,
      ruleId: 'contact_malformed_linkedin',
      title: 'Malformed LinkedIn URL',
      severity: 'low',
      message: 'LinkedIn URL "linkedin.com/in/chris" has no https:// scheme',
      fixHint: 'Paste the full profile URL.',
      fix: { description: 'Set the LinkedIn URL to https://www.linkedin.com/in/chris' },
    },
  ],
  introducer: null,
  successors: [{ ownerId: 12, name: 'Ben Okafor', score: 60 }],
};

export const companyCard: CompanyCard = {
  company: { id: 500, name: 'Contoso' },
  coverage: { contacts: 4, threaded: 3, share: 0.75 },
  concentration: { strongTies: 4, topOwner: 'Ana Lopez', topShare: 0.75, hhi: 0.625 },
  singleThreaded: [{ contactId: 101, name: 'Chris Novak', holder: 'Ana Lopez' }],
  networkers: [
    { ownerId: 11, name: 'Ana Lopez', score: 72.4, contacts: 3 },
    { ownerId: 12, name: 'Ben Okafor', score: 60, contacts: 1 },
  ],
  touchesByWeek: Array.from({ length: 12 }, (_, i) => ({
    week: `2026-0${Math.floor(i / 4) + 1}-0${(i % 4) + 1}`,
    touches: i,
  })),
};

export const teamCard: TeamCard = {
  team: {
    id: 700,
    name: 'Contoso Circle',
    purpose: 'Win Contoso.',
    goal: { id: 'g1', title: 'Win Contoso' },
  },
  members: [
    { ownerId: 11, name: 'Ana Lopez', active: true, roles: ['team_lead', 'relationship_owner'] },
    { ownerId: 14, name: 'Finn Berg', active: false, roles: ['networker'] },
  ],
  issues: [
    {
      id: 5,
      ruleId: 'role_held_by_departed',
      title: 'Role held by a deactivated user',
      severity: 'high',
      message: 'The networker role is held by a deactivated user',
      fixHint: 'Hand the role over.',
      fix: null,
    },
  ],
  targets: {
    covered: [{ contactId: 101, name: 'Chris Novak', threads: 2 }],
    uncovered: [{ contactId: 102, name: 'Dana Ito', threads: 0 }],
  },
  kpis: [
    { name: 'Coverage', value: 0.5, target: 0.8 },
    { name: 'RoR (12 months)', value: 12.4, target: 5 },
  ],
  ror: {
    value: 12.4,
    returnTotal: 100_000,
    sourced: 100_000,
    influenced: 0,
    introductions: 0,
    investmentTotal: 8_050,
    touchCost: 3_050,
    activityCost: 5_000,
    deals: 1,
  },
  atRisk: [{ contactId: 102, name: 'Dana Ito', risks: ['orphaned'] }],
};

export const settingsView: SettingsView = {
  version: 3,
  settings: DEFAULT_SETTINGS as unknown as Record<string, unknown>,
  canEdit: true,
  history: [
    { version: 3, changedBy: 'ana@org.example', changedAt: 1_767_225_600_000, note: 'new targets' },
  ],
  rules: [
    {
      id: 'contact_ownerless',
      title: 'Contact without an owner',
      category: 'hygiene',
      severity: 'medium',
      settings: [],
      fixHint: 'Assign an owner.',
    },
  ],
  dashboard: {
    trends: [
      { period: '2025-12', metric: 'coverage', value: 0.7 },
      { period: '2026-01', metric: 'coverage', value: 0.75 },
    ],
    teams: [{ teamId: 700, name: 'Contoso Circle', goalId: 'g1', coverage: 0.5, ror: 12.4 }],
    atRisk: [{ contactId: 102, name: 'Dana Ito', risk: 'orphaned', maxScore: 12 }],
    handovers: [{ ownerId: 14, name: 'Finn Berg', carried: 4, carriedOver: 1 }],
  },
};
