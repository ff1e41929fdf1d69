import { LoadingSpinner, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { API_BASE } from '../../extensions/lib/api-base.js';
import { CompanyNetwork } from '../../extensions/components/CompanyNetwork.js';
import { ContactRelationships } from '../../extensions/components/ContactRelationships.js';
import { NetworkingTeam } from '../../extensions/components/NetworkingTeam.js';
import { Settings } from '../../extensions/components/Settings.js';

async function callsOf(spy: jest.SpyInstance, deadlineMs = 2000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (spy.mock.calls.length === 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every card and the settings page render at their location and ask the card API for their record. */
describe('UI extension entrypoints', () => {
  afterEach(() => jest.restoreAllMocks());
  it.each([
    ['crm.record.sidebar', ContactRelationships, '/api/contact-card?contactId=123'],
    ['crm.record.tab', CompanyNetwork, '/api/company-card?companyId=123'],
    ['crm.record.tab', NetworkingTeam, '/api/team-card?teamId=123'],
    ['settings', Settings, '/api/settings'],
  ] as const)('%s renders %p, loading %s', async (location, Component, path) => {
    const spy = jest.spyOn(hubspot, 'fetch').mockReturnValue(new Promise(() => undefined));
    const { render, find } = createRenderer(location);
    render(<Component />);
    expect(find(LoadingSpinner).props.layout).toBe('centered');
    // The request leaves from an effect, and the renderer re-checks waitFor only on re-renders (a
    // pending fetch causes none), so poll the spy until it is called or a deadline passes.
    await callsOf(spy);
    expect(spy).toHaveBeenCalledWith(
      `${API_BASE}${path}`,
      expect.objectContaining({ method: 'GET' }),
    );
  });
});
