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
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
};
