// Layer boundaries are encoded here so `npm test` checks them (docs/architecture.md explains them).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (name) => ({
  regex: `(^|/)${name}/`,
  message: `import ${name}/ only from the composition root or an allowed layer (docs/architecture.md)`,
});
const pkg = (name, why) => ({ group: [name, `${name}/*`], message: why });

const ioPackages = [
  pkg('express', 'HTTP belongs in src/http.'),
  pkg('kysely', 'SQL belongs in src/store.'),
  pkg('better-sqlite3', 'SQL belongs in src/store.'),
  pkg('pg', 'SQL belongs in src/store.'),
  pkg('pg-copy-streams', 'SQL belongs in src/store.'),
  pkg('@hubspot/api-client', 'HubSpot calls belong in src/hubspot.'),
];
const onlyIn = (folder, packages) => packages.filter((p) => !p.message.includes(`src/${folder}`));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      'test/artifacts/',
      'hubspot-project/',
      'bench/.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: ioPackages }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...ioPackages,
            {
              group: ['node:*', 'fs', 'path', 'http', 'crypto'],
              message: 'src/domain is pure: no I/O.',
            },
            ...[
              'store',
              'hubspot',
              'http',
              'ingest',
              'cli',
              'jobs',
              'alerts',
              'services',
              'demo',
              'config',
            ].map(layer),
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...ioPackages,
            ...[
              'store',
              'hubspot',
              'http',
              'ingest',
              'cli',
              'jobs',
              'alerts',
              'services',
              'demo',
              'domain',
            ].map(layer),
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...onlyIn('store', ioPackages),
            ...['hubspot', 'http', 'ingest', 'cli', 'jobs', 'alerts', 'services', 'demo'].map(
              layer,
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/hubspot/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...onlyIn('hubspot', ioPackages),
            ...['store', 'http', 'ingest', 'cli', 'jobs', 'alerts', 'services', 'demo'].map(layer),
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...onlyIn('http', ioPackages), ...['store', 'hubspot', 'cli'].map(layer)] },
      ],
    },
  },
  {
    files: ['src/demo/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...ioPackages,
            ...['hubspot', 'http', 'ingest', 'cli', 'jobs', 'alerts'].map(layer),
          ],
        },
      ],
    },
  },
  {
    // Tests, benchmarks and doc scripts may reach every layer and driver; src/cli (the composition root) keeps the default: every layer, no driver.
    files: ['test/**', 'bench/**', 'scripts/**'],
    // In a test a wrong assumption should throw; `!` says so tersely.
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
