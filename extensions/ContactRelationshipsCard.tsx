import { hubspot } from '@hubspot/ui-extensions';
import { ContactRelationships } from './components/ContactRelationships.js';

hubspot.extend<'crm.record.sidebar'>(() => <ContactRelationships />);
