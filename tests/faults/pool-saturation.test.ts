import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { openDriver } from '../../src/db/driver.js';
import { migrate } from '../../src/db/migrator.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createMember, createOrganization } from '../support/factories.js';
import { createScratchDatabase } from '../support/process.js';

/**
 * Every pooled connection is busy for longer than DATABASE_ACQUIRE_TIMEOUT_MS: the request waits that
 * long, then hears SERVICE_UNAVAILABLE with HTTP 503 and Retry-After — never a masked 500 — and the
 * next request after the pool frees up is served. The same for a statement that waits in the
 * database for longer than DB_STATEMENT_TIMEOUT_MS (here: behind a lock another session holds).
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Database;
let server: RunningServer;
let token: string;
let orgId: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: scratch.url,
    DATABASE_POOL_SIZE: '1',
    DATABASE_ACQUIRE_TIMEOUT_MS: '300',
    DB_STATEMENT_TIMEOUT_MS: '500',
    JWT_SECRET: 'x'.repeat(40),
    CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64'),
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env);
  const driver = await openDriver(config.database);
  await migrate(driver);
  await driver.close();
  db = await openDatabase(config.database);
  server = await startServer({ config, database: db, logger: createLogger(config) }, 0);
  const org = await createOrganization(db.base);
  orgId = org.id;
  token = await signToken(config.jwt, { userId: (await createMember(db.base, org.id, 'VIEWER')).user.id }, '1h');
});
afterAll(async () => {
  await server.stop();
  await db.close();
  await scratch.drop();
});

const ask = () =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': orgId },
    body: JSON.stringify({ query: '{ organization { id workflows(first: 1) { totalCount } } }' }),
  }).then(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, any> }));

describe('a saturated pool', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After after the acquire timeout, then recovers', async () => {
    // The pool's only connection stays taken until the request has been answered.
    const refused = await db.driver.transaction(() => ask());
    expect(refused).toMatchObject({ status: 503, retryAfter: '1' });
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } });
    expect(JSON.stringify(refused.body)).not.toMatch(/timeout exceeded|prisma|pg\b|SELECT/i);

    const served = await ask();
    expect(served.status).toBe(200);
    expect(served.body.data.organization.workflows.totalCount).toBe(0);
  });
});

describe('a statement that outlasts the statement timeout', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, then recovers', async () => {
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // The request's read of workflows waits behind this lock until PostgreSQL cancels it.
      await holder.query('LOCK TABLE "workflows" IN ACCESS EXCLUSIVE MODE');
      const cancelled = await ask();
      expect(cancelled).toMatchObject({ status: 503, retryAfter: '1' });
      expect(cancelled.body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const served = await ask();
    expect(served.status).toBe(200);
    expect(served.body.data.organization.workflows.totalCount).toBe(0);
  });
});
