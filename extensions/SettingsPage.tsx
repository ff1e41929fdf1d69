import { hubspot } from '@hubspot/ui-extensions';
import { Settings } from './components/Settings.js';

hubspot.extend<'settings'>(() => <Settings />);
