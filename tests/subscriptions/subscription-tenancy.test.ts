import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createExecution, createMember } from '../support/factories.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { partnerOperation, startTestServer, type TestServer } from '../support/server.js';
import manifest from '../../operations/manifest.json' with { type: 'json' };
import { createTenant, EXECUTION_UPDATED, personPayload, runWorkflow, whenListening, type Tenant } from './fixture.js';

/**
 * Both isolation layers on the socket: the gateway routes an organization's events only to its own
 * subscribers, and even an event routed wrongly is re-read under the subscriber's tenant session, so
 * it cannot carry another tenant's row. Credentials, roles, scopes and the persisted-only rule
 * apply as over HTTP.
 */
let server: TestServer;
let acme: Tenant;
let globex: Tenant;
beforeAll(async () => {
  server = await startTestServer();
  acme = await createTenant(server.db.base);
  globex = await createTenant(server.db.base);
});
afterAll(() => server.stop());

const watchDocumentId = manifest.operations.find((operation) => operation.name === 'WatchExecutions')!.id;
const connectPerson = async (tenant: Tenant, userId = tenant.viewer.id) =>
  (await SubscriptionClient.connect(server.server.url, await personPayload(server, userId, tenant.organization.slug))).client;

describe('across tenants', () => {
  it('a globex subscriber receives nothing from acme runs, also when it names acme ids', async () => {
    const acmeExecution = await runWorkflow(server, acme);
    const watcher = await connectPerson(globex);
    const watching = () => {
      watcher.subscribe('all', EXECUTION_UPDATED);
      watcher.subscribe('acme-workflow', EXECUTION_UPDATED, { workflowId: acme.workflowId });
      watcher.subscribe('acme-execution', EXECUTION_UPDATED, { executionId: acmeExecution });
    };
    await whenListening(server, globex.organization.id, watching, 3);
    const acmeWatcher = await connectPerson(acme);
    await whenListening(server, acme.organization.id, () => acmeWatcher.subscribe('acme', EXECUTION_UPDATED));

    const acmeRun = await runWorkflow(server, acme);
    await server.gql(`mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { id } } }`, {
      as: acme.editor.id,
      org: acme.organization.slug,
      variables: { id: acmeExecution },
    });
    expect((await acmeWatcher.nextMessage('acme')).payload.data.executionUpdated.id).toBe(acmeRun);
    expect((await acmeWatcher.nextMessage('acme')).payload.data.executionUpdated.id).toBe(acmeExecution);
    // Events are dispatched in order: once globex's own run arrives, acme's two have been passed by.
    const globexRun = await runWorkflow(server, globex);
    expect((await watcher.nextMessage('all')).payload.data.executionUpdated.id).toBe(globexRun);
    expect(watcher.pending()).toEqual([]);
    await Promise.all([watcher.close(), acmeWatcher.close()]);
  });

  it('an acme event routed to a globex subscriber is re-read under globex and carries no acme data', async () => {
    const acmeExecution = await createExecution(server.db.base, acme.workflow);
    const watcher = await connectPerson(globex);
    await whenListening(server, globex.organization.id, () => watcher.subscribe('1', EXECUTION_UPDATED));
    await runWorkflow(server, globex); // the subscription is live once its first event arrives
    await watcher.nextMessage('1');
    await server.server.events.publish({
      kind: 'execution',
      organizationId: globex.organization.id,
      executionId: acmeExecution.id,
      workflowId: acme.workflow.id,
    });
    const misrouted = await watcher.nextMessage('1');
    expect(misrouted.payload).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] });
    expect(JSON.stringify(misrouted)).not.toContain(acmeExecution.id);
    await watcher.close();
  });
});

describe('credentials and tenant selection', () => {
  it.each([
    ['no credentials', {}, 4401],
    ['a bad token', { authorization: 'Bearer not-a-token', 'x-organization-id': 'acme' }, 4401],
    ['a revoked-looking API key', { 'x-api-key': 'fgk_000000000000_nope' }, 4401],
    ['no organization', 'no-org', 4403],
    ['an organization the person is not a member of', 'other-org', 4403],
  ])('%s: the socket is closed with the SPEC code', async (_label, payload, code) => {
    let init = payload as Record<string, unknown>;
    if (payload === 'no-org') init = { authorization: `Bearer ${await server.token(acme.viewer.id)}` };
    if (payload === 'other-org') init = await personPayload(server, acme.viewer.id, globex.organization.slug);
    const { acknowledged, closed } = await SubscriptionClient.connect(server.server.url, init);
    expect(acknowledged).toBe(false);
    expect(closed?.code).toBe(code);
  });

  it('credentials in the upgrade request headers work too', async () => {
    const headers = { authorization: `Bearer ${await server.token(acme.viewer.id)}`, 'x-organization-id': acme.organization.slug };
    const { acknowledged, client } = await SubscriptionClient.connect(server.server.url, {}, headers);
    expect(acknowledged).toBe(true);
    await client.close();
  });
});

describe('roles, scopes and trusted documents', () => {
  it('a VIEWER may subscribe; an API key needs executions:read', async () => {
    const { user } = await createMember(server.db.base, acme.organization.id, 'VIEWER');
    const person = await connectPerson(acme, user.id);
    await whenListening(server, acme.organization.id, () => person.subscribe('1', EXECUTION_UPDATED));
    const withoutScope = await createApiKey(server.db.base, acme.organization.id, { scopes: ['workflows:read', 'executions:write'] });
    const { client: partner } = await SubscriptionClient.connect(server.server.url, { 'x-api-key': withoutScope.key });
    partner.subscribe('1', '', undefined, { documentId: watchDocumentId });
    const refused = await partner.nextMessage('1');
    expect(refused.payload.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', requiredRole: 'VIEWER', requiredScope: 'executions:read' } })]);
    const executionId = await runWorkflow(server, acme);
    expect((await person.nextMessage('1')).payload.data.executionUpdated.id).toBe(executionId);
    await Promise.all([person.close(), partner.close()]);
  });

  it('an API key runs the registered subscription by documentId or hash, never free text', async () => {
    const { client } = await SubscriptionClient.connect(server.server.url, { 'x-api-key': acme.apiKey });
    client.subscribe('text', EXECUTION_UPDATED);
    expect(await client.nextMessage('text')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }] });
    const subscribeThreeWays = () => {
      client.subscribe('by-id', '', undefined, { documentId: watchDocumentId });
      client.subscribe('by-hash', '', undefined, { extensions: { persistedQuery: { version: 1, sha256Hash: watchDocumentId } } });
      client.subscribe('same-text', partnerOperation('WatchExecutions'));
    };
    await whenListening(server, acme.organization.id, subscribeThreeWays, 3);
    const executionId = await runWorkflow(server, acme);
    for (const id of ['by-id', 'by-hash', 'same-text']) {
      expect((await client.nextMessage(id)).payload.data.executionUpdated).toMatchObject({ id: executionId, status: 'QUEUED' });
    }
    await client.close();
  });

  it('a query over the socket is refused: queries and mutations belong on HTTP', async () => {
    const client = await connectPerson(acme);
    client.subscribe('q', '{ organization { id } }');
    expect(await client.nextMessage('q')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'UNSUPPORTED_OPERATION' } }] });
    await client.close();
  });
});
