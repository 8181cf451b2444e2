import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { createLogger } from '../../src/runtime/logger.js';
import { createTenant, type Tenant } from '../subscriptions/fixture.js';
import { createMigratedDatabase, startTopology, withDatabase, type Topology } from '../support/topology.js';

/**
 * Query operations on a streaming standby (DATABASE_REPLICA_URLS): row-level security holds there,
 * and an actor's reads after their own mutation see it (read-your-writes through Redis when set)
 * even while the standby has not replayed it; other actors' reads stay on the standby.
 */
let topology: Topology;
let config: Config;
let db: Database;
let server: RunningServer;
let redis: Redis | undefined;
let acme: Tenant;
let globex: Tenant;
let standby: pg.Client;
let primary: pg.Client;

/** Resolves once the standby has replayed everything the primary has written so far. */
async function standbyCaughtUp(): Promise<void> {
  const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  for (;;) {
    const replayed = await standby.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0]!.lsn]);
    if (replayed.rows[0]!.done) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  topology = await startTopology(1);
  const directUrl = await createMigratedDatabase(topology);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
    DATABASE_URL: directUrl,
    DATABASE_REPLICA_URLS: withDatabase(topology.standbyUrls[0]!, 'flowgate'),
    // Far beyond this test's pauses: what sends a read to the primary here is read-your-writes alone.
    DATABASE_REPLICA_MAX_LAG_MS: '600000',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
  };
  if (process.env.REDIS_URL) Object.assign(env, { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}:` });
  config = loadConfig(env);
  db = await openDatabase(config.database);
  redis = config.redisUrl ? await connectRedis(config.redisUrl, createLogger(config)) : undefined;
  server = await startServer({ config, database: db, logger: createLogger(config), redis }, 0);
  acme = await createTenant(db.base);
  globex = await createTenant(db.base);
  primary = new pg.Client({ connectionString: directUrl });
  standby = new pg.Client({ connectionString: withDatabase(topology.standbyUrls[0]!, 'flowgate') });
  await Promise.all([primary.connect(), standby.connect()]);
  standby.on('error', () => {}); // the last test stops the standby under this connection
  await standbyCaughtUp();
}, 300_000);
afterAll(async () => {
  await Promise.all([primary?.end(), standby?.end()]);
  await server?.stop();
  await redis?.quit();
  await db?.close();
  await topology?.down();
});

async function gql(query: string, userId: string, tenant: Tenant, variables: Record<string, unknown> = {}) {
  const token = await signToken(config.jwt, { userId }, '1h');
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': tenant.organization.slug },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

const readsOn = async (target: string) => (await metric('flowgate_db_reads_total', 'target', target)) ?? 0;

const CREATE = `mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { workflow { id } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { id name } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;
const COUNT = `{ organization { workflows(first: 1) { totalCount } } }`;

describe('read replicas', () => {
  it('run query operations on the standby, where row-level security holds', async () => {
    const before = await readsOn('replica1');
    expect(await gql(NODE, acme.viewer.id, acme, { id: acme.workflowId })).toMatchObject({ data: { node: { id: acme.workflowId } } });
    // Another tenant's workflow is as absent on the standby as on the primary.
    expect(await gql(NODE, acme.viewer.id, acme, { id: globex.workflowId })).toMatchObject({ data: { node: null } });
    expect(await gql(COUNT, globex.viewer.id, globex)).toMatchObject({ data: { organization: { workflows: { totalCount: 1 } } } });
    expect(await readsOn('replica1')).toBe(before + 3);
  });

  it("send an actor's reads after their mutation where it is visible, while others keep reading the standby", async () => {
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      for (let round = 0; round < 5; round += 1) {
        const created = await gql(CREATE, acme.editor.id, acme, { input: { name: `replicated ${round}`, definition: { steps: ['a'] } } });
        const id = (created.data as { createWorkflow: { workflow: { id: string } } }).createWorkflow.workflow.id;
        expect(await gql(WORKFLOW, acme.editor.id, acme, { id })).toMatchObject({ data: { workflow: { id, name: `replicated ${round}` } } });
      }
      // The viewer wrote nothing: their reads stay on the standby, which has not replayed the new workflows yet.
      const before = await readsOn('replica1');
      expect(await gql(COUNT, acme.viewer.id, acme)).toMatchObject({ data: { organization: { workflows: { totalCount: 1 } } } });
      expect(await readsOn('replica1')).toBe(before + 1);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await standbyCaughtUp();
    expect(await gql(COUNT, acme.viewer.id, acme)).toMatchObject({ data: { organization: { workflows: { totalCount: 6 } } } });
  });

  it('skip a standby that goes away, without failing a read, and use it again once it is back', async () => {
    let stopping = true;
    const failures: unknown[] = [];
    const reader = async () => {
      while (stopping) {
        const reply = await gql(COUNT, globex.viewer.id, globex);
        if (reply.errors) failures.push(reply.errors);
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    const fallbacksBefore = await fallbacks('no_replica');
    await topology.stop('standby1');
    await until(async () => (await lagOf('replica1')) === -1);
    stopping = false;
    await Promise.all(readers);
    expect(failures).toEqual([]);
    await gql(COUNT, globex.viewer.id, globex);
    expect(await fallbacks('no_replica')).toBeGreaterThan(fallbacksBefore);

    await topology.start('standby1');
    await until(async () => (await lagOf('replica1')) >= 0);
    const before = await readsOn('replica1');
    expect(await gql(COUNT, globex.viewer.id, globex)).toMatchObject({ data: { organization: { workflows: { totalCount: 1 } } } });
    expect(await readsOn('replica1')).toBe(before + 1);
  });
});

async function metric(name: string, label: string, value: string): Promise<number | undefined> {
  const text = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
  const match = new RegExp(`^${name}\\{${label}="${value}"\\} (\\S+)`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

const fallbacks = async (reason: string) => (await metric('flowgate_db_replica_fallbacks_total', 'reason', reason)) ?? 0;
const lagOf = async (replica: string) => (await metric('flowgate_db_replica_lag_ms', 'replica', replica)) ?? NaN;

/** Resolves once `condition` holds: asked again each time the event loop turns (the probe runs every 250 ms). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}
