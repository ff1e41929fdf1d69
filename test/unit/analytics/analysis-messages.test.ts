import {
  packRelationships,
  unpackRelationships,
} from '../../../src/analytics/analysis-messages.js';
import type { AnalyzedContact } from '../../../src/analytics/contact-pass.js';

type Pair = AnalyzedContact['relationships'][number];

const pair = (contactId: number, ownerId: number, over: Partial<Pair> = {}): Pair => ({
  contactId,
  ownerId,
  score: 0.1 + 0.2,
  grade: 'weak',
  scoreBefore: 12.5,
  trend: 'steady',
  touchCount: 3,
  inboundCount: 0,
  lastTouchAt: 1_767_225_600_123,
  capped: false,
  reason: '1 call in the last 90 days, last one 3 days ago',
  scoreAtDeparture: null,
  ...over,
});

const analyzed = (relationships: Pair[]): AnalyzedContact => ({
  keys: [],
  companyIds: [],
  relationships,
  insight: {} as AnalyzedContact['insight'],
  findings: [],
});

describe('a page of relationships as columns', () => {
  it('comes back as the analysis made it: every field, nulls, codes, and contacts with none', () => {
    const page = [
      analyzed([
        pair(2 ** 40 + 1, 7, { grade: 'strong', trend: 'rising', capped: true }),
        pair(2 ** 40 + 1, 9, {
          grade: 'familiar',
          trend: 'falling',
          lastTouchAt: null,
          scoreAtDeparture: 41.07,
          reason: 'no touches yet',
        }),
      ]),
      analyzed([]),
      analyzed([pair(5, 2 ** 33 + 5, { inboundCount: 4, touchCount: 0, score: 0 })]),
    ];
    const expected = structuredClone(page);
    const packed = packRelationships(page);
    expect(page.every((a) => a.relationships.length === 0)).toBe(true);
    expect([...packed.counts]).toEqual([2, 0, 1]);
    const received = structuredClone(page);
    unpackRelationships(received, structuredClone(packed));
    expect(received).toEqual(expected);
  });
});
