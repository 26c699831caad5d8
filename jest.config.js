/**
 * ESM jest with @swc/jest (decorator metadata on), see docs/development.md.
 * `unit` runs the specs next to the code; `e2e` boots the real app against real PostgreSQL and Redis.
 */
const swc = (moduleType) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: moduleType },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc('es6'),
    // Two CommonJS packages of the Fastify stack require() ESM-only packages; jest needs those as CommonJS.
    '/node_modules/(cookie|content-disposition)/.+\\.js$': swc('commonjs'),
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  setupFiles: ['<rootDir>/test/setup/quiet-nest-logger.ts'],
  moduleNameMapper: {
    '^@tsunagu/(platform|directory|consent|referrals|notifications|stats|collaboration|client|interop)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^@tsunagu/(platform|directory|consent|referrals|notifications|stats|collaboration|client|interop)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
    '^@tsunagu/migrations$': '<rootDir>/migrations/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  // A global option in jest 30 (ignored inside a project): e2e tests boot apps and run real queries.
  testTimeout: 30000,
  // One worker per core (jest's default leaves one core out): the e2e files mostly wait on PostgreSQL, Redis,
  // workers and timers, so on two cores two files at a time take a third of the time of one (docs/benchmarks.md).
  maxWorkers: '100%',
  // Jest's own report, then one plain line with the counts (`tests: N passed, M failed`).
  reporters: ['default', '<rootDir>/scripts/lib/jest-summary-reporter.mjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,migrations}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
