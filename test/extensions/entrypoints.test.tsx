import { LoadingSpinner, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { API_BASE } from '../../extensions/lib/api-base.js';
import { CompanyNetwork } from '../../extensions/components/CompanyNetwork.js';
import { ContactRelationships } from '../../extensions/components/ContactRelationships.js';
import { NetworkingTeam } from '../../extensions/components/NetworkingTeam.js';
import { Settings } from '../../extensions/components/Settings.js';

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
    // The request leaves from an effect; the renderer re-checks waitFor only on re-renders.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spy).toHaveBeenCalledWith(
      `${API_BASE}${path}`,
      expect.objectContaining({ method: 'GET' }),
    );
  });
});
