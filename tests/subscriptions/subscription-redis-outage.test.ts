import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import type { Database } from '../../src/db/database.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { openTestDatabase, testConfig } from '../support/database.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { createTenant, EXECUTION_UPDATED, RUN, type Tenant } from './fixture.js';

/**
 * Redis, which carries events between replicas, goes away (through a proxy) under an open
 * subscription: nothing crashes, mutations still commit, the subscriber is told that events may be
 * missed, told again when Redis is back, and receives events again.
 */
let proxy: TcpProxy;
let redis: Redis;
let db: Database;
let server: RunningServer;
let tenant: Tenant;
let config: ReturnType<typeof testConfig>;
const logLines: string[] = [];

beforeAll(async () => {
  proxy = new TcpProxy(6379);
  const port = await proxy.start();
  config = testConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}:`, LOG_LEVEL: 'info' });
  const logger = createLogger(config, new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }));
  redis = await connectRedis(config.redisUrl!, logger);
  db = await openTestDatabase();
  server = await startServer({ config, database: db, logger, redis }, 0);
  tenant = await createTenant(db.base);
});
afterAll(async () => {
  await server.stop();
  redis.destroy();
  await db.close();
  await proxy.stop();
});

const bearer = (userId: string) => signToken(config.jwt, { userId }, '1h').then((token) => `Bearer ${token}`);

async function run(): Promise<{ id?: string; errors?: unknown }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await bearer(tenant.editor.id), 'x-organization-id': tenant.organization.slug },
    body: JSON.stringify({ query: RUN, variables: { workflowId: tenant.workflowId } }),
  });
  const body = (await response.json()) as { data?: { runWorkflow: { execution: { id: string } } }; errors?: unknown };
  return { id: body.data?.runWorkflow.execution.id, errors: body.errors };
}

describe('a Redis outage under a subscription', () => {
  it('tells the subscriber events may be missed, keeps the subscription, and delivers again when Redis is back', async () => {
    const payload = { authorization: await bearer(tenant.viewer.id), 'x-organization-id': tenant.organization.slug };
    const { client } = await SubscriptionClient.connect(server.url, payload);
    client.subscribe('1', EXECUTION_UPDATED);
    const before = await run();
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(before.id);

    await proxy.stop();
    expect(await client.nextMessage('1')).toMatchObject({
      type: 'next',
      payload: { data: null, errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', eventStream: 'interrupted' } }] },
    });
    const during = await run();
    expect(during.errors).toBeUndefined(); // the run commits; only its announcement is lost

    await proxy.start();
    expect(await client.nextMessage('1')).toMatchObject({
      payload: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', eventStream: 'resumed' } }] },
    });
    const after = await run();
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(after.id);
    expect(logLines.filter((line) => line.includes('event bus interrupted'))).toHaveLength(1);
    await client.close();
  });
});
