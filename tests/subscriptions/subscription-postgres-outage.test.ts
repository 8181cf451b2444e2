import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { openDriver } from '../../src/db/driver.js';
import { migrate } from '../../src/db/migrator.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/runtime/logger.js';
import { testConfig } from '../support/database.js';
import { createScratchDatabase } from '../support/process.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { createTenant, EXECUTION_UPDATED, RUN, type Tenant } from './fixture.js';

/**
 * Without Redis, events travel by LISTEN/NOTIFY on a dedicated PostgreSQL connection. PostgreSQL goes
 * away (through a proxy) under an open subscription: the gateway does not crash, the subscriber is
 * told events may be missed and that they are back, and the listener reconnects by itself.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let proxy: TcpProxy;
let db: Database;
let server: RunningServer;
let tenant: Tenant;
let config: ReturnType<typeof testConfig>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  proxy = new TcpProxy(Number(new URL(scratch.url).port || 5432));
  const viaProxy = new URL(scratch.url);
  viaProxy.port = String(await proxy.start());
  config = testConfig({ DATABASE_URL: viaProxy.toString(), REDIS_URL: '' });
  const driver = await openDriver({ ...config.database, url: scratch.url });
  await migrate(driver);
  await driver.close();
  db = await openDatabase(config.database);
  server = await startServer({ config, database: db, logger: createLogger(config) }, 0);
  tenant = await createTenant(db.base);
}, 120_000);
afterAll(async () => {
  await server.stop();
  await db.close();
  await proxy.stop();
  await scratch.drop();
});

describe('a PostgreSQL outage under a subscription (LISTEN/NOTIFY)', () => {
  it('signals interrupted, then resumed, and delivers again', async () => {
    expect(server.events.kind).toBe('postgres');
    const token = `Bearer ${await signToken(config.jwt, { userId: tenant.viewer.id }, '1h')}`;
    const { client } = await SubscriptionClient.connect(server.url, { authorization: token, 'x-organization-id': tenant.organization.slug });
    client.subscribe('1', EXECUTION_UPDATED);
    const editor = `Bearer ${await signToken(config.jwt, { userId: tenant.editor.id }, '1h')}`;
    const run = async () => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: editor, 'x-organization-id': tenant.organization.slug },
        body: JSON.stringify({ query: RUN, variables: { workflowId: tenant.workflowId } }),
      });
      return ((await response.json()) as { data: { runWorkflow: { execution: { id: string } } } }).data.runWorkflow.execution.id;
    };
    const before = await run();
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(before);

    await proxy.stop();
    expect(await client.nextMessage('1')).toMatchObject({ payload: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', eventStream: 'interrupted' } }] } });
    await proxy.start();
    expect(await client.nextMessage('1')).toMatchObject({ payload: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', eventStream: 'resumed' } }] } });
    const after = await run();
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(after);
    await client.close();
  });
});
