/** Prisma 7's client is ESM, so jest runs in ESM mode (see FINDINGS.md). Type-checking is `tsc --noEmit`. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // tests/topology/ starts its own PostgreSQL primary, standbys and PgBouncer (scripts/topology.sh),
  // which needs PostgreSQL's server binaries and pgbouncer: it belongs to the PostgreSQL run
  // (DATABASE_URL set; .ci/run installs pgbouncer), where a missing binary fails it. The embedded run
  // (`npm test` with Node.js alone) leaves the folder out, and global-setup.ts says so.
  testPathIgnorePatterns: process.env.DATABASE_URL ? ['/node_modules/'] : ['/node_modules/', '/tests/topology/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
