import { hubspot } from '@hubspot/ui-extensions';
import { CompanyNetwork } from './components/CompanyNetwork.js';

hubspot.extend<'crm.record.tab'>(() => <CompanyNetwork />);
