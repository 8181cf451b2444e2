import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/runtime/logger.js';
import { createTenant, RUN, type Tenant } from '../subscriptions/fixture.js';
import { createMigratedDatabase, startTopology, withDatabase, type Topology } from '../support/topology.js';

/**
 * A fast restart of the primary under steady read load (8 clients): no read fails, because a read
 * that finds the database away runs again on a fresh connection within the acquire timeout
 * (src/db/database-away.ts). Mutations during it are never retried by the gateway: each either
 * commits whole (with its audit entry) or gets 503 + Retry-After.
 */
let topology: Topology;
let config: Config;
let db: Database;
let server: RunningServer;
let tenant: Tenant;
let directUrl: string;

const settings = (url: string, pooled: boolean) =>
  loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    CREDENTIALS_KEY: Buffer.alloc(32, 5).toString('base64'),
    DATABASE_URL: url,
    DATABASE_PREPARED_STATEMENTS: String(!pooled),
    DATABASE_ACQUIRE_TIMEOUT_MS: '5000',
    TENANT_MAX_IN_FLIGHT: '16',
    TENANT_MAX_CONNECTIONS: '10',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
  });

async function startGateway(url: string, pooled: boolean): Promise<void> {
  config = settings(url, pooled);
  db = await openDatabase(config.database);
  server = await startServer({ config, database: db, logger: createLogger(config) }, 0);
}

async function stopGateway(): Promise<void> {
  await server?.stop();
  await db?.close();
}

beforeAll(async () => {
  topology = await startTopology(0);
  directUrl = await createMigratedDatabase(topology);
  const seeding = await openDatabase(settings(directUrl, false).database);
  tenant = await createTenant(seeding.base);
  await seeding.close();
}, 300_000);
afterAll(async () => {
  await topology?.down();
});

interface Outcome {
  status: number;
  code?: string;
  retryAfter: string | null;
}

async function send(query: string, userId: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
  const token = await signToken(config.jwt, { userId }, '1h');
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': tenant.organization.slug },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, retryAfter: response.headers.get('retry-after') };
}

const READ = '{ organization { id workflows(first: 5) { totalCount edges { node { id name } } } } }';

describe.each([
  ['directly', false],
  ['through PgBouncer (transaction mode)', true],
])('a fast restart of the primary, connected %s', (_how, pooled) => {
  beforeAll(() => startGateway(pooled ? withDatabase(topology.pgbouncerUrl, 'flowgate') : directUrl, pooled));
  afterAll(stopGateway);

  it('fails no read under steady load, and lets no mutation commit half-way', async () => {
    let restarting = true;
    const reads: Outcome[] = [];
    const mutations: Outcome[] = [];
    const readLoop = async () => {
      // Keep going until the restart is over, then a few more, so recovery is part of the run.
      for (let after = 0; restarting || after < 5; after += restarting ? 0 : 1) reads.push(await send(READ, tenant.viewer.id));
    };
    const mutationLoop = async () => {
      while (restarting) mutations.push(await send(RUN, tenant.editor.id, { workflowId: tenant.workflowId }));
    };
    const clients = [...Array.from({ length: 8 }, readLoop), mutationLoop()];
    // Steady state first: every client has answered at least once before the restart begins.
    while (reads.length < 16) await send(READ, tenant.viewer.id).then((outcome) => reads.push(outcome));
    const before = reads.length;
    await topology.restartPrimary();
    const during = reads.length - before;
    restarting = false;
    await Promise.all(clients);

    expect(during).toBeGreaterThan(0);
    expect(reads.filter((outcome) => outcome.status !== 200 || outcome.code)).toEqual([]);
    for (const outcome of mutations) {
      if (outcome.status === 200 && !outcome.code) continue;
      expect(outcome).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '1' });
    }

    const check = new pg.Client({ connectionString: directUrl });
    await check.connect();
    const { rows } = await check.query<{ executions: number; audited: number }>(
      `SELECT (SELECT count(*)::int FROM workflow_executions WHERE "organizationId" = $1) AS executions,
              (SELECT count(*)::int FROM audit_log_entries WHERE "organizationId" = $1 AND action = 'workflow.run') AS audited`,
      [tenant.organization.id],
    );
    await check.end();
    const committed = mutations.filter((outcome) => outcome.status === 200 && !outcome.code).length;
    expect(rows[0]!.executions).toBe(rows[0]!.audited);
    expect(rows[0]!.executions).toBeGreaterThanOrEqual(committed);
  });
});
