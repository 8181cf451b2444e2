import { loadConfig, type Config } from '../../src/config.js';
import type { QueryEvent } from '../../src/db/client.js';
import { openDatabase, type Database } from '../../src/db/database.js';

function onRunDatabase(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${process.env.FLOWGATE_TEST_DATABASE_NAME ?? 'postgres'}`;
  return url.toString();
}

/** The environment every test server and database starts from; a test overrides what it studies. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    EMBEDDED_DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '5',
  };
  if (process.env.FLOWGATE_TEST_DATABASE_URL) env.DATABASE_URL = process.env.FLOWGATE_TEST_DATABASE_URL;
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  // Behind PgBouncer older than 1.21 (.ci/run's pooled run) the suite runs without named statements.
  if (process.env.DATABASE_PREPARED_STATEMENTS) env.DATABASE_PREPARED_STATEMENTS = process.env.DATABASE_PREPARED_STATEMENTS;
  // …and LISTENs past the pooler; .ci/run's standby run reads on a synchronous standby. Both name
  // servers, not databases: the run's own database is put in.
  if (process.env.DATABASE_LISTEN_URL) env.DATABASE_LISTEN_URL = onRunDatabase(process.env.DATABASE_LISTEN_URL);
  if (process.env.DATABASE_REPLICA_URLS) env.DATABASE_REPLICA_URLS = process.env.DATABASE_REPLICA_URLS.split(',').map(onRunDatabase).join(',');
  return { ...env, ...overrides };
}

export const testConfig = (overrides?: Record<string, string>): Config => loadConfig(testEnv(overrides));

/**
 * The run's PostgreSQL database (created and migrated by global-setup.ts; opening it checks that no
 * migration is pending, as start-up does) or a fresh in-memory PGlite, which migrates itself.
 */
export function openTestDatabase(options: { onQuery?: (event: QueryEvent) => void } = {}): Promise<Database> {
  return openDatabase(testConfig().database, options);
}
