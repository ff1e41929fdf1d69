import type { PackedTouches } from '../store/packed-touches.js';
import type { PackedContacts } from '../store/packed-contacts.js';
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
  /** (contact, company) pairs, flattened. */
  links: Float64Array<ArrayBuffer>;
}

export type AnalysisReply = { id: number; packed: PackedPage } | { id: number; error: string };

export function packLinks(
  links: readonly { contactId: number; companyId: number }[],
): Float64Array<ArrayBuffer> {
  const out = new Float64Array(links.length * 2);
  links.forEach((l, i) => {
    out[2 * i] = l.contactId;
    out[2 * i + 1] = l.companyId;
  });
  return out;
}

export function unpackLinks(packed: Float64Array): { contactId: number; companyId: number }[] {
  const out = new Array<{ contactId: number; companyId: number }>(packed.length / 2);
  for (let i = 0; i < out.length; i += 1)
    out[i] = { contactId: packed[2 * i] ?? 0, companyId: packed[2 * i + 1] ?? 0 };
  return out;
}
