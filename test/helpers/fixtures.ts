import fs from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'hubspot');

/** A documented HubSpot payload from test/fixtures/hubspot (see its README for sources). */
export function hubspotFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as T;
}

export function hubspotFixtureNames(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}
