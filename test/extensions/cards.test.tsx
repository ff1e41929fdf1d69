/**
 * The cards and the settings page in HubSpot's own renderer (`createRenderer`), with `hubspot.fetch`
 * spied (the renderer does not mock it): loading, data, empty, error, and each action's request.
 */
import {
  Alert,
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  LoadingSpinner,
  NumberInput,
  ProgressBar,
  StatisticsItem,
  Tag,
  Text,
  hubspot,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import {
  companyCardSchema,
  contactCardSchema,
  settingsViewSchema,
  teamCardSchema,
} from '../../extensions/lib/contracts.js';
import { API_BASE } from '../../extensions/lib/api-base.js';
import { CompanyNetwork } from '../../extensions/components/CompanyNetwork.js';
import { ContactRelationships } from '../../extensions/components/ContactRelationships.js';
import { NetworkingTeam } from '../../extensions/components/NetworkingTeam.js';
import { Settings } from '../../extensions/components/Settings.js';
import * as fixtures from './fixtures.js';

const reply = (status: number, body: unknown) =>
  ({ ok: status < 400, status, json: async () => body }) as unknown as Response;

let fetchSpy: jest.SpyInstance;
afterEach(() => fetchSpy?.mockRestore());
const answer = (...replies: Response[]) => {
  fetchSpy = jest.spyOn(hubspot, 'fetch');
  for (const r of replies) fetchSpy.mockResolvedValueOnce(r);
  return fetchSpy;
};
const textOf = (nodes: { text: string | null }[]) => nodes.map((n) => n.text ?? '').join(' | ');

it('the fixtures honour the shared contract', () => {
  expect(contactCardSchema.parse(fixtures.contactCard)).toEqual(fixtures.contactCard);
  expect(companyCardSchema.parse(fixtures.companyCard)).toEqual(fixtures.companyCard);
  expect(teamCardSchema.parse(fixtures.teamCard)).toEqual(fixtures.teamCard);
  expect(settingsViewSchema.parse(fixtures.settingsView)).toEqual(fixtures.settingsView);
});

describe('the contact card', () => {
  it('shows a spinner, then who knows the contact with grades, reasons, risks and findings', async () => {
    const spy = answer(reply(200, fixtures.contactCard));
    const { render, find, findAll, maybeFind, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    expect(find(LoadingSpinner).props.label).toBe('Loading relationships…');
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(spy).toHaveBeenCalledWith(`${API_BASE}/api/contact-card?contactId=123`, {
      method: 'GET',
      timeout: 10_000,
    });
    expect(findAll(ProgressBar).map((p) => p.props.value)).toEqual([60, 57.26]);
    expect(textOf(findAll(Tag))).toContain('strong ↑');
    expect(textOf(findAll(Tag))).toContain('Owner mismatch');
    expect(textOf(findAll(Text))).toContain('4 meetings in the last 90 days');
    expect(textOf(findAll(Text))).toContain('Contoso Circle — goal: Win Contoso');
    expect(find(Button, { variant: 'primary' }).text).toBe(
      'Set the LinkedIn URL to https://www.linkedin.com/in/chris',
    );
  });

  it('pages through long lists of colleagues', async () => {
    const spy = answer(
      reply(200, { ...fixtures.contactCard, totalKnowers: 30 }),
      reply(200, { ...fixtures.contactCard, totalKnowers: 30, page: 2 }),
    );
    const { render, find, findAll, maybeFind, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(textOf(findAll(Text))).toContain('page 1 of 2 (30 colleagues)');
    find(Button, (b) => b.text === 'Next').trigger('onClick');
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(2));
    expect(spy).toHaveBeenLastCalledWith(`${API_BASE}/api/contact-card?contactId=123&page=2`, {
      method: 'GET',
      timeout: 10_000,
    });
    await waitFor(() => expect(textOf(findAll(Text))).toContain('page 2 of 2'));
  });

  it('shows an empty state when nobody knows the contact', async () => {
    answer(
      reply(200, {
        ...fixtures.contactCard,
        knowers: [],
        totalKnowers: 0,
        risks: [],
        findings: [],
      }),
    );
    const { render, find, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    await waitFor(() => expect(find(EmptyState).props.title).toBe('Nobody yet'));
  });

  it('shows the service’s reason in an error state, and retries', async () => {
    const spy = answer(
      reply(404, {
        error: 'unknown_contact',
        message: "contact 123 is not in Rapport's mirror of this portal",
      }),
      reply(200, fixtures.contactCard),
    );
    const { render, find, findAll, maybeFind, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    await waitFor(() => expect(maybeFind(ErrorState)).not.toBeNull());
    expect(find(ErrorState).props.title).toBe('Rapport could not load relationships');
    expect(textOf(findAll(Text))).toContain("contact 123 is not in Rapport's mirror");
    find(Button, (b) => b.text === 'Try again').trigger('onClick');
    await waitFor(() => expect(maybeFind(ErrorState)).toBeNull());
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it.each([
    [
      'the automatic fix',
      (b: { text: string | null }) => b.text?.startsWith('Set the LinkedIn') === true,
      { action: 'apply_fix', findingId: 77 },
    ],
    [
      'mark reviewed',
      (b: { text: string | null }) => b.text === 'Mark reviewed',
      { action: 'mark_reviewed', findingId: 77 },
    ],
    [
      'hand over',
      (b: { text: string | null }) => b.text === 'Hand over',
      { action: 'hand_over', successorOwnerId: 12 },
    ],
  ])('sends %s and shows the result', async (_name, which, body) => {
    const spy = answer(
      reply(200, fixtures.contactCard),
      reply(200, { status: 'queued', message: 'Queued for HubSpot.' }),
    );
    const { render, find, maybeFind, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    find(Button, which).trigger('onClick');
    await waitFor(() => expect(maybeFind(Alert)).not.toBeNull());
    expect(spy).toHaveBeenLastCalledWith(`${API_BASE}/api/contact-card/actions?contactId=123`, {
      method: 'POST',
      timeout: 10_000,
      body,
    });
    expect(find(Alert).props.title).toBe('Done');
    expect(find(Alert).text).toContain('Queued for HubSpot.');
  });

  it('offers "I know this person" and an introduction to a networker who does not know the contact', async () => {
    const spy = answer(
      reply(200, {
        ...fixtures.contactCard,
        viewer: { ownerId: 30, knows: false, isOwner: false },
        introducer: { ownerId: 12, name: 'Ben Okafor', score: 60, sharedTeams: [] },
      }),
      reply(409, {
        error: 'no_introducer',
        message: 'no active colleague knows Chris Novak well enough to introduce you',
      }),
    );
    const { render, find, maybeFind, waitFor } = createRenderer('crm.record.sidebar');
    render(<ContactRelationships />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(maybeFind(Button, (b) => b.text === 'I know this person')).not.toBeNull();
    find(Button, (b) => b.text === 'Request introduction from Ben Okafor').trigger('onClick');
    await waitFor(() => expect(maybeFind(Alert)).not.toBeNull());
    expect(spy).toHaveBeenLastCalledWith(
      expect.stringContaining('/api/contact-card/actions'),
      expect.objectContaining({ body: { action: 'request_introduction' } }),
    );
    expect(find(Alert).props).toMatchObject({ title: 'Not done', variant: 'error' });
    expect(find(Alert).text).toContain('no active colleague knows Chris Novak');
  });
});

describe('the company card', () => {
  it('shows coverage, concentration, networkers and touches per week', async () => {
    answer(reply(200, fixtures.companyCard));
    const { render, findAll, find, maybeFind, waitFor } = createRenderer('crm.record.tab');
    render(<CompanyNetwork />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(findAll(StatisticsItem).map((s) => s.props.number)).toEqual(['75%', '75%', '1']);
    expect(find(BarChart).props.data).toHaveLength(12);
    expect(textOf(findAll(Text))).toContain('Chris Novak — only Ana Lopez');
  });

  it('says so when no contact of the company is in Rapport', async () => {
    answer(
      reply(200, { ...fixtures.companyCard, coverage: { contacts: 0, threaded: 0, share: null } }),
    );
    const { render, find, waitFor } = createRenderer('crm.record.tab');
    render(<CompanyNetwork />);
    await waitFor(() => expect(find(EmptyState).props.title).toBe('Account network'));
  });
});

describe('the Networking Team card', () => {
  it('shows members, role issues, coverage, KPIs against targets, RoR and risks', async () => {
    answer(reply(200, fixtures.teamCard));
    const { render, find, findAll, maybeFind, waitFor } = createRenderer('crm.record.tab');
    render(<NetworkingTeam />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(find(ProgressBar).props).toMatchObject({ value: 1, maxValue: 2 });
    expect(findAll(StatisticsItem).map((s) => [s.props.label, s.props.number])).toEqual([
      ['Coverage', '50%'],
      ['RoR (12 months)', '12.4'],
    ]);
    expect(textOf(findAll(Tag))).toContain('Role held by a deactivated user');
    expect(textOf(findAll(Text))).toContain('Dana Ito: Orphaned');
  });

  it('shows an error state when the service is unreachable', async () => {
    fetchSpy = jest.spyOn(hubspot, 'fetch').mockRejectedValue(new Error('timeout'));
    const { render, findAll, maybeFind, waitFor } = createRenderer('crm.record.tab');
    render(<NetworkingTeam />);
    await waitFor(() => expect(maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(findAll(Text))).toContain('Rapport could not be reached (timeout)');
  });
});

describe('the settings page', () => {
  it('shows the dashboard with trends, team coverage and handover progress', async () => {
    answer(reply(200, fixtures.settingsView));
    const { render, find, maybeFind, waitFor } = createRenderer('settings');
    render(<Settings />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(find(LineChart).props.data).toHaveLength(2);
    expect(find(BarChart).props.data).toEqual([{ team: 'Contoso Circle', coverage: 50 }]);
    expect(find(ProgressBar, { title: 'Finn Berg' }).props).toMatchObject({
      value: 1,
      maxValue: 4,
    });
  });

  it('saves the edited settings with the version it read, and shows field errors from the service', async () => {
    const spy = answer(
      reply(200, fixtures.settingsView),
      reply(400, {
        error: 'invalid_settings',
        message: '1 setting is not valid',
        fields: [{ path: 'strength.halfLifeDays', message: 'Too small: expected number to be >0' }],
      }),
    );
    const { render, find, maybeFind, waitFor } = createRenderer('settings');
    render(<Settings />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    find(NumberInput, { name: 'strength.halfLifeDays' }).trigger('onChange', -1 as never);
    find(Button, (b) => b.text === 'Save settings').trigger('onClick');
    await waitFor(() => expect(maybeFind(Alert, { title: 'Not saved' })).not.toBeNull());
    const sent = spy.mock.calls[1]!;
    expect(sent[0]).toBe(`${API_BASE}/api/settings`);
    expect(sent[1]).toMatchObject({ method: 'PUT', body: { expectedVersion: 3 } });
    expect(
      (sent[1].body.settings as { strength: { halfLifeDays: number } }).strength.halfLifeDays,
    ).toBe(-1);
    expect(find(NumberInput, { name: 'strength.halfLifeDays' }).props).toMatchObject({
      error: true,
      validationMessage: 'Too small: expected number to be >0',
    });
  });

  it('is read-only for everyone but the Manager of the Network', async () => {
    answer(reply(200, { ...fixtures.settingsView, canEdit: false }));
    const { render, find, maybeFind, waitFor } = createRenderer('settings');
    render(<Settings />);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(find(Alert).props.title).toBe('Read only');
    expect(maybeFind(Button, (b) => b.text === 'Save settings')).toBeNull();
    expect(find(NumberInput, { name: 'strength.k' }).props.readOnly).toBe(true);
  });
});
