import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createScratchDatabase, runTsx, startGatewayProcess, type GatewayProcess } from '../support/process.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { createTenant, EXECUTION_UPDATED, RUN, type Tenant } from './fixture.js';

/**
 * Real gateway processes over one database: an execution created through replica A reaches a
 * subscriber on replica B, through Redis or, without Redis, through LISTEN/NOTIFY. SIGTERM completes
 * subscriptions and closes their sockets with 1001.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let env: Record<string, string>;
let tenant: Tenant;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  env = { DATABASE_URL: scratch.url, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn' };
  expect((await runTsx('src/cli/migrate.ts', [], env)).code).toBe(0);
  const db = await openDatabase(loadConfig(env).database);
  tenant = await createTenant(db.base);
  await db.close();
}, 600_000);
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await scratch.drop();
});

async function start(extra: Record<string, string> = {}): Promise<GatewayProcess> {
  const gateway = await startGatewayProcess({ ...env, LOG_LEVEL: 'info', ...extra }, 240_000);
  gateways.push(gateway);
  return gateway;
}

const bearer = (userId: string) => signToken(loadConfig(env).jwt, { userId }, '1h').then((token) => `Bearer ${token}`);

async function runThrough(gateway: GatewayProcess): Promise<string> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await bearer(tenant.editor.id), 'x-organization-id': tenant.organization.slug },
    body: JSON.stringify({ query: RUN, variables: { workflowId: tenant.workflowId } }),
  });
  const body = (await response.json()) as { data: { runWorkflow: { execution: { id: string } } } };
  return body.data.runWorkflow.execution.id;
}

async function watchOn(gateway: GatewayProcess) {
  const payload = { authorization: await bearer(tenant.viewer.id), 'x-organization-id': tenant.organization.slug };
  const { client, acknowledged } = await SubscriptionClient.connect(gateway.url, payload);
  expect(acknowledged).toBe(true);
  client.subscribe('1', EXECUTION_UPDATED);
  return client;
}

/** The subscription is live once an event from its own replica arrives; then the other replica's counts. */
async function expectFanOut(a: GatewayProcess, b: GatewayProcess) {
  const watcher = await watchOn(b);
  const own = await runThrough(b);
  expect((await watcher.nextMessage('1')).payload.data.executionUpdated.id).toBe(own);
  const fromA = await runThrough(a);
  const committed = Date.now();
  expect((await watcher.nextMessage('1')).payload.data.executionUpdated.id).toBe(fromA);
  expect(Date.now() - committed).toBeLessThan(1_000);
  await watcher.close();
}

describe('fan-out across replicas', () => {
  it('through Redis', async () => {
    const redis = { REDIS_URL, REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}:` };
    const [a, b] = await Promise.all([start(redis), start(redis)]);
    await expectFanOut(a, b);
    await Promise.all([a.stop(), b.stop()]);
  }, 600_000);

  it('through PostgreSQL LISTEN/NOTIFY when there is no Redis', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    await expectFanOut(a, b);
    await Promise.all([a.stop(), b.stop()]);
  }, 600_000);
});

describe('SIGTERM', () => {
  it('completes open subscriptions, closes their sockets with 1001 and exits 0', async () => {
    const gateway = await start();
    const watcher = await watchOn(gateway);
    const own = await runThrough(gateway);
    expect((await watcher.nextMessage('1')).payload.data.executionUpdated.id).toBe(own);
    const exited = gateway.stop('SIGTERM');
    expect(await watcher.nextMessage('1')).toEqual({ id: '1', type: 'complete' });
    expect(await watcher.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(await exited).toBe(0);
    expect(gateway.output()).toMatch(/"msg":"stopped"/);
  }, 600_000);
});
