import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createMember, createOrganization } from '../support/factories.js';
import { createScratchDatabase, runTsx, startGatewayProcess } from '../support/process.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * SIGTERM to a real gateway process. The database link runs through a proxy that holds the
 * request's statements back, so the request is in flight for as long as the test decides — no
 * sleeps: each step waits on something the gateway did (a statement sent, a line logged).
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

/** SHUTDOWN_DELAY_MS for the test: long enough that the checks made during it surely land in it. */
const DELAY_MS = 3_000;

describe('graceful shutdown', () => {
  it('turns /readyz 503 at once, keeps serving through the delay, finishes the request in flight, exits 0', async () => {
    const viaProxy = new URL(scratch.url);
    viaProxy.port = String(proxy.port);
    const env = { DATABASE_URL: viaProxy.toString(), JWT_SECRET: 'x'.repeat(40), SHUTDOWN_DELAY_MS: String(DELAY_MS) };
    expect((await runTsx('src/cli/migrate.ts', [], env)).code).toBe(0);
    const db = await openDatabase(loadConfig(env).database);
    const org = await createOrganization(db.base);
    const userId = (await createMember(db.base, org.id, 'VIEWER')).user.id;
    await db.close();
    const token = await signToken(loadConfig(env).jwt, { userId }, '1h');
    const gateway = await startGatewayProcess(env);
    const origin = new URL(gateway.url).origin;

    // A request that has reached the gateway and waits on the database when the signal comes.
    proxy.hold();
    const inFlight = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': org.slug },
      body: JSON.stringify({ query: '{ organization { name } }' }),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));
    await proxy.somethingHeld();
    const exited = gateway.stop('SIGTERM');
    await gateway.printed(/"msg":"shutting down/);

    // During the delay: not ready (without asking the held-up database), yet still serving.
    const ready = await fetch(`${origin}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'shutting down' } });
    const alive = await fetch(`${origin}/healthz`);
    expect(alive.status).toBe(200);
    expect(alive.headers.get('connection')).toBe('close');
    const served = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await served.json()).toEqual({ data: { __typename: 'Query' } });

    // After the delay the server drains: the request accepted before the signal still completes.
    await gateway.printed(/"msg":"draining/);
    proxy.release();
    expect(await inFlight).toEqual({ status: 200, body: { data: { organization: { name: org.name } } } });
    expect(await exited).toBe(0);
    expect(gateway.output()).toMatch(/"msg":"stopped"/);
  }, 180_000); // a migration and a gateway process, which a busy machine makes slow
});
