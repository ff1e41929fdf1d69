import {
  collectionOf,
  remoteAssociationLabelSchema,
  remotePropertyGroupSchema,
  remotePropertySchema,
  remoteSchemaSchema,
} from '../../../src/hubspot/remote-types.js';
import { classifyHubspotError } from '../../../src/hubspot/hubspot-error.js';
import { hubspotFixture, hubspotFixtureNames } from '../../helpers/fixtures.js';

/** The fixtures are HubSpot's documented shapes; production's schemas must accept them all. */
const PARSERS: Record<string, { safeParse(value: unknown): { success: boolean } }> = {
  'schema-networking-team.json': remoteSchemaSchema,
  'properties-contacts.json': collectionOf(remotePropertySchema),
  'properties-companies.json': collectionOf(remotePropertySchema),
  'property-groups.json': collectionOf(remotePropertyGroupSchema),
  'association-labels.json': collectionOf(remoteAssociationLabelSchema),
};

describe('HubSpot fixtures', () => {
  it('every fixture file is covered by a parser or an error classification', () => {
    const covered = [
      ...Object.keys(PARSERS),
      'error-missing-scopes.json',
      'error-rate-limit.json',
      'error-conflict.json',
      'error-tier.json',
      'signature-vectors.json',
    ];
    expect(hubspotFixtureNames()).toEqual(covered.sort());
  });

  it.each(Object.entries(PARSERS))('%s parses with the production schema', (name, parser) => {
    expect(parser.safeParse(hubspotFixture(name)).success).toBe(true);
  });

  it.each([
    ['error-missing-scopes.json', 403, 'missing_scopes'],
    ['error-rate-limit.json', 429, 'rate_limited'],
    ['error-conflict.json', 409, 'conflict'],
    ['error-tier.json', 403, 'tier_required'],
  ])('%s (HTTP %i) classifies as %s', (name, code, kind) => {
    const error = classifyHubspotError(
      { code, body: hubspotFixture(name), headers: { 'retry-after': '1' } },
      'test',
    );
    expect(error.kind).toBe(kind);
  });
});
