import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SubscriptionClient } from '../support/subscriptions.js';
import type { TestServer } from '../support/server.js';
import { EXECUTION_UPDATED, personPayload, runWorkflow, startWithTenant, whenListening, type Tenant } from './fixture.js';

/** The subscription a frontend opens: it sees executions of its organization as they are created and move. */
let server: TestServer;
let acme: Tenant;
beforeAll(async () => ({ server, acme } = await startWithTenant()));
afterAll(() => server.stop());

describe('executionUpdated', () => {
  it('delivers a run created over HTTP, re-read for the subscriber, then its status changes', async () => {
    const { client, acknowledged } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    expect(acknowledged).toBe(true);
    await whenListening(server, acme.organization.id, () => client.subscribe('1', EXECUTION_UPDATED));
    const executionId = await runWorkflow(server, acme);
    expect(await client.nextMessage('1')).toEqual({
      id: '1',
      type: 'next',
      payload: { data: { executionUpdated: { id: executionId, status: 'QUEUED', workflow: { id: acme.workflowId } } } },
    });
    const cancel = await server.gql(`mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { id } } }`, {
      as: acme.editor.id,
      org: acme.organization.slug,
      variables: { id: executionId },
    });
    expect(cancel.body.errors).toBeUndefined();
    expect((await client.nextMessage('1')).payload.data.executionUpdated).toMatchObject({ id: executionId, status: 'CANCELLED' });
    await client.close();
  });

  it('narrows by executionId: another run of the same workflow is not delivered', async () => {
    const first = await runWorkflow(server, acme);
    const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, acme.viewer.id, acme.organization.slug));
    await whenListening(
      server,
      acme.organization.id,
      () => {
        client.subscribe('only-first', EXECUTION_UPDATED, { executionId: first });
        client.subscribe('all', EXECUTION_UPDATED);
      },
      2,
    );
    const second = await runWorkflow(server, acme);
    expect((await client.nextMessage('all')).payload.data.executionUpdated.id).toBe(second);
    await server.gql(`mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { id } } }`, {
      as: acme.editor.id,
      org: acme.organization.slug,
      variables: { id: first },
    });
    expect((await client.nextMessage('only-first')).payload.data.executionUpdated).toMatchObject({ id: first, status: 'CANCELLED' });
    expect((await client.nextMessage('all')).payload.data.executionUpdated.id).toBe(first);
    expect(client.pending()).toEqual([]);
    await client.close();
  });

  it('over HTTP is refused with UNSUPPORTED_OPERATION, HTTP 400, naming the WebSocket endpoint', async () => {
    const response = await server.gql(EXECUTION_UPDATED, { as: acme.viewer.id, org: acme.organization.slug });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { message: expect.stringMatching(/ws:\/\/127\.0\.0\.1:\d+\/graphql/), extensions: { code: 'UNSUPPORTED_OPERATION' } },
    ]);
  });
});
