import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import manifest from '../../operations/manifest.json' with { type: 'json' };
import { createApiKey, createMember, globalId } from '../support/factories.js';
import { SubscriptionClient, type Closed } from '../support/subscriptions.js';
import type { TestServer } from '../support/server.js';
import { EXECUTION_UPDATED, personPayload, runWorkflow, startWithTenant, whenListening, type Tenant } from './fixture.js';

/** How subscriptions end, and what is never announced. */
const watchDocumentId = manifest.operations.find((operation) => operation.name === 'WatchExecutions')!.id;
let server: TestServer;
let acme: Tenant;
beforeAll(async () => ({ server, acme } = await startWithTenant()));
afterAll(() => server.stop());

const cancel = (executionId: string) =>
  server.gql(`mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { id } } }`, {
    as: acme.editor.id,
    org: acme.organization.slug,
    variables: { id: executionId },
  });

/** How a session's end reaches subscription `1`: an error result with `code`, its completion, then the socket's close. */
async function expectEnded(client: SubscriptionClient, code: string, closed: Closed) {
  expect(await client.nextMessage('1')).toMatchObject({ type: 'next', payload: { errors: [{ extensions: { code } }] } });
  expect(await client.nextMessage('1')).toEqual({ id: '1', type: 'complete' });
  expect(await client.closed).toEqual(closed);
}

describe('subscription lifecycle', () => {
  it('a mutation that rolls back publishes nothing', async () => {
    const executionId = await runWorkflow(server, acme);
    expect((await cancel(executionId)).body.errors).toBeUndefined();
    const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    await whenListening(server, acme.organization.id, () => client.subscribe('1', EXECUTION_UPDATED));
    // CANCELLED cannot be cancelled again: the transaction is rolled back with CONFLICT.
    expect((await cancel(executionId)).body.errors?.[0].extensions?.code).toBe('CONFLICT');
    const committed = await runWorkflow(server, acme);
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(committed);
    expect(client.pending()).toEqual([]);
    await client.close();
  });

  it('a token that expires ends the subscription with UNAUTHENTICATED, then closes the socket with 4401', async () => {
    const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug, '5s'));
    await whenListening(server, acme.organization.id, () => client.subscribe('1', EXECUTION_UPDATED));
    const executionId = await runWorkflow(server, acme); // proves the subscription live before it expires
    expect((await client.nextMessage('1')).payload.data.executionUpdated.id).toBe(executionId);
    await expectEnded(client, 'UNAUTHENTICATED', { code: 4401, reason: 'Token expired' });
  });

  it('removing a member ends their subscriptions with FORBIDDEN and closes with 4403; others go on', async () => {
    const { user: leaving, membership } = await createMember(server.db.base, acme.organization.id, 'VIEWER');
    const { user: admin } = await createMember(server.db.base, acme.organization.id, 'ADMIN');
    const { client: gone } = await SubscriptionClient.connect(server.server.url, await personPayload(server, leaving.id, acme.organization.slug));
    const { client: staying } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    gone.subscribe('1', EXECUTION_UPDATED);
    staying.subscribe('1', EXECUTION_UPDATED);
    const removed = await server.gql(`mutation($id: ID!) { removeMember(input: { memberId: $id }) { deletedId } }`, {
      as: admin.id,
      org: acme.organization.slug,
      variables: { id: globalId('Member', membership.id) },
    });
    expect(removed.body.errors).toBeUndefined();
    await expectEnded(gone, 'FORBIDDEN', { code: 4403, reason: 'Membership ended' });
    const executionId = await runWorkflow(server, acme);
    expect((await staying.nextMessage('1')).payload.data.executionUpdated.id).toBe(executionId);
    await staying.close();
  });

  it('revoking an API key ends its subscriptions with UNAUTHENTICATED and closes with 4401; other keys go on', async () => {
    const { apiKey: revoked, key: revokedKey } = await createApiKey(server.db.base, acme.organization.id, { scopes: ['executions:read', 'workflows:read'] });
    const { client: gone } = await SubscriptionClient.connect(server.server.url, { 'x-api-key': revokedKey });
    const { client: staying } = await SubscriptionClient.connect(server.server.url, { 'x-api-key': acme.apiKey });
    await whenListening(
      server,
      acme.organization.id,
      () => [gone, staying].forEach((client) => client.subscribe('1', '', undefined, { documentId: watchDocumentId })),
      2,
    );
    const live = await runWorkflow(server, acme); // both are subscribed before the key goes
    expect((await gone.nextMessage('1')).payload.data.executionUpdated.id).toBe(live);
    expect((await staying.nextMessage('1')).payload.data.executionUpdated.id).toBe(live);

    const { user: admin } = await createMember(server.db.base, acme.organization.id, 'ADMIN');
    const revoke = await server.gql(`mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { revokedAt } } }`, {
      as: admin.id,
      org: acme.organization.slug,
      variables: { id: globalId('ApiKey', revoked.id) },
    });
    expect(revoke.body.errors).toBeUndefined();
    await expectEnded(gone, 'UNAUTHENTICATED', { code: 4401, reason: 'API key revoked' });
    const after = await runWorkflow(server, acme);
    expect((await staying.nextMessage('1')).payload.data.executionUpdated.id).toBe(after);
    await staying.close();
  });

  it('an API key that expires ends its subscriptions with UNAUTHENTICATED and closes with 4401', async () => {
    const { key } = await createApiKey(server.db.base, acme.organization.id, { scopes: ['executions:read'], expiresAt: new Date(Date.now() + 4_000) });
    const { client } = await SubscriptionClient.connect(server.server.url, { 'x-api-key': key });
    client.subscribe('1', '', undefined, { documentId: watchDocumentId });
    await expectEnded(client, 'UNAUTHENTICATED', { code: 4401, reason: 'API key expired' });
  });

  it('/metrics counts open sockets, active subscriptions and delivered events', async () => {
    const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    client.subscribe('1', EXECUTION_UPDATED);
    await runWorkflow(server, acme);
    await client.nextMessage('1');
    const metrics = await (await fetch(server.server.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^flowgate_ws_open_sockets [1-9]/m);
    expect(metrics).toMatch(/^flowgate_ws_active_subscriptions [1-9]/m);
    expect(metrics).toMatch(/^flowgate_ws_events_delivered_total [1-9]/m);
    await client.close();
  });
});
