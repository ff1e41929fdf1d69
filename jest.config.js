/**
 * TypeScript goes through SWC to CommonJS; the ESM-only packages (@hubspot/ui-extensions and its
 * tinyspy, faker) are transformed too, so no experimental VM modules are needed
 * (see ../shared/guide/hubspot-facts.md §4).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@hubspot/ui-extensions|tinyspy|@faker-js/faker|p-throttle)/)',
  ],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/helpers/postgres.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'],
  testTimeout: 30_000,
  // Each test file in a fresh worker process, one at a time: files share Node's http module within
  // a process, and one file's nock (its interceptor, or what it left pooled) answered a later
  // file's HubSpot calls with "disallowed net connect", depending on the order files ran in.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1MB',
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
};
