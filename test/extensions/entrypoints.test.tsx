import { EmptyState } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyNetwork } from '../../extensions/components/CompanyNetwork.js';
import { ContactRelationships } from '../../extensions/components/ContactRelationships.js';
import { NetworkingTeam } from '../../extensions/components/NetworkingTeam.js';
import { Settings } from '../../extensions/components/Settings.js';

/** Every card and the settings page render in HubSpot's own test renderer at their location. */
describe('UI extension entrypoints', () => {
  it.each([
    ['crm.record.sidebar', ContactRelationships, 'Relationships'],
    ['crm.record.tab', CompanyNetwork, 'Account network'],
    ['crm.record.tab', NetworkingTeam, 'Networking Team'],
    ['settings', Settings, 'Rapport settings'],
  ] as const)('%s renders %p', (location, Component, title) => {
    const { render, find } = createRenderer(location);
    render(<Component />);
    expect(find(EmptyState).props.title).toBe(title);
  });
});
