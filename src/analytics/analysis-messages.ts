import type { PackedTouches } from '../store/packed-touches.js';
import type { PackedContacts } from '../store/packed-contacts.js';
import type { PackedLinks } from '../store/packed-links.js';
import type { PortalData } from './load-context.js';
import type { PackedPage } from './page-columns.js';

/** What the analysis thread starts with: the portal's rows, analysed as of one instant. */
export interface AnalysisInit {
  data: PortalData;
  asOf: number;
  /** The run's contact count, to size the duplicate index once. */
  contacts: number;
}

export interface PageRequest {
  id: number;
  contacts: PackedContacts;
  touches: PackedTouches;
  links: PackedLinks;
}

export type AnalysisReply = { id: number; packed: PackedPage } | { id: number; error: string };
