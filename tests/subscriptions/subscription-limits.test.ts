import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SubscriptionClient } from '../support/subscriptions.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTenant, EXECUTION_UPDATED, personPayload, type Tenant } from './fixture.js';

/** The socket's limits, each as the client notices it: an error message or a close code. */
let server: TestServer;
let acme: Tenant;
beforeAll(async () => {
  server = await startTestServer({
    env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2', WS_MAX_SOCKETS_PER_ORGANIZATION: '2', MAX_DEPTH: '4', MAX_BODY_BYTES: '2000' },
    ws: { connectionInitWaitMs: 300, keepAliveMs: 200 },
  });
  acme = await createTenant(server.db.base);
});
afterAll(() => server.stop());

const connect = async () => {
  const { client, acknowledged } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
  expect(acknowledged).toBe(true);
  return client;
};

describe('subscription limits', () => {
  it('a third subscription on one socket closes it with 4429', async () => {
    const client = await connect();
    client.subscribe('1', EXECUTION_UPDATED);
    client.subscribe('2', EXECUTION_UPDATED);
    client.subscribe('3', EXECUTION_UPDATED);
    expect(await client.closed).toEqual({ code: 4429, reason: 'Too many subscriptions on this socket' });
  });

  it('a third socket of one organization is closed with 4429', async () => {
    const [first, second] = [await connect(), await connect()];
    const third = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    expect(third.closed).toEqual({ code: 4429, reason: 'Too many sockets for this organization' });
    await Promise.all([first.close(), second.close()]);
  });

  it('the depth limit and validation refuse the subscribe, the socket stays open', async () => {
    const client = await connect();
    client.subscribe('deep', 'subscription { executionUpdated { workflow { executions { edges { node { id } } } } } }');
    expect(await client.nextMessage('deep')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' } }] });
    client.subscribe('bad', 'subscription { executionUpdated { nope } }');
    expect(await client.nextMessage('bad')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    await client.close();
  });

  it('a message over MAX_BODY_BYTES closes the socket with 1009', async () => {
    const client = await connect();
    client.subscribe('big', `subscription { executionUpdated { id ${' '.repeat(3000)} } }`);
    expect((await client.closed).code).toBe(1009);
  });

  it('no connection_init in time: 4408; a malformed message: 4400; another subprotocol: no handshake', async () => {
    const silent = await SubscriptionClient.open(server.server.url);
    expect((await silent.closed).code).toBe(4408);
    const garbled = await connect();
    garbled.send('{"type":"subscribe"}');
    expect((await garbled.closed).code).toBe(4400);
    await expect(SubscriptionClient.open(server.server.url, {}, 'graphql-ws')).rejects.toThrow('Server sent no subprotocol');
  });

  it('the server pings an idle socket (keep-alive)', async () => {
    const client = await connect();
    await new Promise((resolve) => client.socket.once('ping', resolve));
    await client.close();
  });
});

describe('rate limit', () => {
  it('connection_init and every subscribe draw on the HTTP budget: over it, RATE_LIMITED', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const tenant = await createTenant(limited.db.base);
    const { client } = await SubscriptionClient.connect(limited.server.url, await personPayload(limited, tenant.viewer.id, tenant.organization.slug));
    client.subscribe('1', EXECUTION_UPDATED);
    client.subscribe('2', EXECUTION_UPDATED);
    client.subscribe('3', EXECUTION_UPDATED);
    // The three are judged concurrently, and on PostgreSQL their membership checks may finish in any
    // order: whichever comes third is over the budget, and it is the only message.
    const refused = await client.nextMessage();
    expect(refused).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(['1', '2', '3']).toContain(refused.id);
    await client.close();
    expect(client.pending()).toEqual([]);
    await limited.stop();
  });
});
