import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createMember, createOrganization } from '../support/factories.js';
import { createScratchDatabase, runTsx, startGatewayProcess } from '../support/process.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * SIGTERM to a real gateway process: it stops accepting, lets the request in flight finish, closes
 * its pools and exits 0. The database link is slowed through a proxy so the request is surely in flight.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let proxy: TcpProxy;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  proxy = new TcpProxy(Number(new URL(scratch.url).port || 5432));
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
  await scratch.drop();
});

describe('graceful shutdown', () => {
  it('finishes the request in flight, then exits 0', async () => {
    const viaProxy = new URL(scratch.url);
    viaProxy.port = String(proxy.port);
    const env = { DATABASE_URL: viaProxy.toString(), JWT_SECRET: 'x'.repeat(40) };
    expect((await runTsx('src/cli/migrate.ts', [], env)).code).toBe(0);
    const db = await openDatabase(loadConfig(env).database);
    const org = await createOrganization(db.base);
    const userId = (await createMember(db.base, org.id, 'VIEWER')).user.id;
    await db.close();
    const token = await signToken(loadConfig(env).jwt, { userId }, '1h');

    const gateway = await startGatewayProcess(env);
    proxy.delayMs = 1_500;
    const inFlight = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': org.slug },
      body: JSON.stringify({ query: '{ organization { name } }' }),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = gateway.stop('SIGTERM');

    expect(await inFlight).toEqual({ status: 200, body: { data: { organization: { name: org.name } } } });
    expect(await exited).toBe(0);
    await expect(fetch(gateway.url.replace('/graphql', '/healthz'))).rejects.toThrow();
    expect(gateway.output()).toMatch(/"msg":"stopped"/);
  });
});
