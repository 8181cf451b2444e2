import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { openDriver } from '../../src/db/driver.js';
import { migrate } from '../../src/db/migrator.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { eventually, LogCapture } from '../security/gateway.js';
import { createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { createScratchDatabase } from '../support/process.js';

/**
 * Every pooled connection is busy for longer than DATABASE_ACQUIRE_TIMEOUT_MS: the request waits that
 * long, then hears SERVICE_UNAVAILABLE with HTTP 503 and Retry-After — never a masked 500 — and the
 * next request after the pool frees up is served. The same for a statement that waits in the
 * database for longer than DB_STATEMENT_TIMEOUT_MS (here: behind a lock another session holds), and
 * that statement alone: the request's other reads are still answered.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Database;
let server: RunningServer;
let token: string;
let orgId: string;
const logs = new LogCapture();

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
    LOG_LEVEL: 'info',
  };
  const config = loadConfig(env);
  const driver = await openDriver(config.database);
  await migrate(driver);
  await driver.close();
  db = await openDatabase(config.database);
  server = await startServer({ config, database: db, logger: createLogger(config, logs.stream) }, 0);
  const org = await createOrganization(db.base);
  orgId = org.id;
  token = await signToken(config.jwt, { userId: (await createMember(db.base, org.id, 'VIEWER')).user.id }, '1h');
});
afterAll(async () => {
  await server.stop();
  await db.close();
  await scratch.drop();
});

const ask = (query = '{ organization { id workflows(first: 1) { totalCount } } }', variables: Record<string, unknown> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': orgId },
    body: JSON.stringify({ query, variables }),
  }).then(async (response) => ({
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as Record<string, any> }));

/** Runs `fn` while another connection holds an exclusive lock on workflows: every read of it waits until PostgreSQL cancels it. */
async function whileWorkflowsLocked<T>(fn: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: scratch.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE "workflows" IN ACCESS EXCLUSIVE MODE');
    const result = await fn();
    await holder.query('ROLLBACK');
    return result;
  } finally {
    await holder.end();
  }
}

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
    const cancelled = await whileWorkflowsLocked(() => ask());
    expect(cancelled).toMatchObject({ status: 503, retryAfter: '1' });
    expect(cancelled.body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } });
    const served = await ask();
    expect(served.status).toBe(200);
    expect(served.body.data.organization.workflows.totalCount).toBe(0);
  });
});

describe('one statement of a request cancelled by the statement timeout', () => {
  let workflowId: string;
  beforeAll(async () => {
    workflowId = globalId('Workflow', (await createWorkflow(db.base, orgId)).id);
  });

  it('fails only the field that read it: the request’s other reads still answer, with no masked error and no error-level log', async () => {
    const linesBefore = logs.lines().length;
    const reply = await whileWorkflowsLocked(() =>
      ask('query ($id: ID!) { node(id: $id) { id } organization { name } }', { id: workflowId }),
    );
    expect(reply.body.data).toMatchObject({ node: null, organization: { name: expect.any(String) } });
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: ['node'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
    expect(JSON.stringify(reply.body)).not.toContain('INTERNAL_SERVER_ERROR');
    // The request's own log line is written as its response closes; every line about it comes before.
    await eventually(() => expect(logs.lines().some((line) => line.requestId === reply.requestId && line.msg)).toBe(true));
    expect(logs.lines().slice(linesBefore).filter((line) => line.level >= 50)).toEqual([]);

    const served = await ask('query ($id: ID!) { node(id: $id) { id } organization { name } }', { id: workflowId });
    expect(served.body).toEqual({ data: { node: { id: workflowId }, organization: { name: expect.any(String) } } });
  });
});
