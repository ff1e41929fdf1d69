import {
  packPage,
  pageBuffers,
  unpackPage,
  withRelationships,
} from '../../../src/analytics/page-columns.js';
import { joinPages } from '../../../src/analytics/page-parts.js';
import { relationshipRows } from '../../../src/analytics/relationship-columns.js';
import { toRelationshipRow } from '../../../src/store/repositories/relationship-repository.js';
import { contactInsight } from '../../helpers/builders.js';
import type { AnalyzedContact } from '../../../src/analytics/contact-pass.js';

type Pair = AnalyzedContact['relationships'][number];
type Insight = AnalyzedContact['insight'];

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

const analyzed = (
  contactId: number,
  relationships: Pair[],
  over: Partial<Insight> = {},
  keys: AnalyzedContact['keys'] = [],
): AnalyzedContact => ({
  keys,
  companyIds: [70, 71],
  relationships,
  insight: contactInsight(contactId, over),
  findings: [
    {
      ruleId: 'contact_ownerless',
      objectType: 'contact',
      objectId: contactId,
      severity: 'medium',
      alertOwnerId: null,
      message: 'no owner',
      details: { a: 1 },
    },
  ],
});

describe('a page of analysis as columns', () => {
  it('comes back as the analysis made it: relationships, insights, keys, nulls, flags and contacts with none', () => {
    const big = 2 ** 40 + 1;
    const page = [
      analyzed(
        big,
        [
          pair(big, 7, { grade: 'strong', trend: 'rising', capped: true }),
          pair(big, 9, {
            grade: 'familiar',
            trend: 'falling',
            lastTouchAt: null,
            scoreAtDeparture: 41.07,
            reason: 'no touches yet',
          }),
        ],
        {
          keyStakeholder: true,
          threads: 2,
          maxScore: 81.3,
          strongestOwnerId: 7,
          strongestActiveOwnerId: 9,
          ownerScore: 0.1 + 0.2,
          cold: true,
          ownerMismatch: true,
          lastTouchAt: 1_767_225_600_123,
          strongOwnerIds: [7, 2 ** 33 + 5],
          hygieneScore: 62.5,
        },
        [
          { kind: 'email', key: 'ada@acme.example', contactId: big },
          { kind: 'nameCompany', key: 'ada lovelace|id:70', contactId: big },
          { kind: 'phone', key: '+442079460001', contactId: big },
        ],
      ),
      analyzed(3, [], { singleThreaded: true, unthreaded: true, orphaned: true }),
      analyzed(5, [pair(5, 2 ** 33 + 5, { inboundCount: 4, touchCount: 0, score: 0 })], {}, [
        { kind: 'phone', key: '+14155550100', contactId: 5 },
      ]),
    ];
    // A contact with no company, one with no finding.
    page[1] = { ...page[1]!, companyIds: [] };
    page[2] = { ...page[2]!, findings: [], companyIds: [2 ** 41 + 3] };
    const expected = structuredClone(page);
    const packed = packPage(page);
    // Nothing is left in the analysed contacts: the page travels as its columns alone.
    expect(
      page.every(
        (a) =>
          a.relationships.length === 0 &&
          a.keys.length === 0 &&
          a.companyIds.length === 0 &&
          a.findings.length === 0,
      ),
    ).toBe(true);
    expect(pageBuffers(packed)).toHaveLength(11);
    const received = unpackPage(structuredClone(packed));
    expect(withRelationships(received)).toEqual(expected);
    expect(withRelationships(unpackPage(packPage([])))).toEqual([]);

    // Written from the columns, the relationships are the rows the repository makes of them.
    const rows = relationshipRows(4242, received.relationships);
    const written = Array.from({ length: rows.count }, (_, i) => {
      const row = new Array<unknown>(rows.columns.length);
      rows.fill(i, row);
      return Object.fromEntries(rows.columns.map((column, c) => [column, row[c]]));
    });
    const relationships = expected.flatMap((a) => a.relationships);
    expect(written).toEqual(relationships.map((r) => toRelationshipRow(4242, r)));
    expect(rows.columns).toEqual(Object.keys(toRelationshipRow(4242, relationships[0]!)));
  });

  it('joined from parts packed one after the other, is the page packed whole', () => {
    const make = () => [
      analyzed(1, [pair(1, 7)], { strongOwnerIds: [7] }, [
        { kind: 'email', key: 'ada@acme.example', contactId: 1 },
      ]),
      { ...analyzed(2, []), findings: [], companyIds: [] },
      analyzed(3, [pair(3, 7), pair(3, 9, { reason: 'no touches yet' })], {}, [
        { kind: 'phone', key: '+14155550100', contactId: 3 },
      ]),
    ];
    const whole = withRelationships(unpackPage(packPage(make())));
    const page = make();
    const parts = [
      packPage(page.slice(0, 1)),
      packPage([]),
      packPage(page.slice(1, 2)),
      packPage(page.slice(2)),
    ];
    const joined = joinPages(structuredClone(parts));
    expect(pageBuffers(joined)).toHaveLength(11);
    expect(withRelationships(unpackPage(joined))).toEqual(whole);
    expect(withRelationships(unpackPage(joinPages([])))).toEqual([]);
  });
});
