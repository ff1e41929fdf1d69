import { hubspot } from '@hubspot/ui-extensions';
import { NetworkingTeam } from './components/NetworkingTeam.js';

hubspot.extend<'crm.record.tab'>(() => <NetworkingTeam />);
