import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createExecution, globalId } from '../support/factories.js';
import { runTsx } from '../support/process.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startWorker } from '../../src/worker/worker.js';
import { createTenant, EXECUTION_UPDATED, personPayload, type Tenant } from '../subscriptions/fixture.js';

/**
 * The reference worker moves executions through the public API with an API key that can only read
 * and report executions: a subscriber watches each run go QUEUED → RUNNING → SUCCEEDED (or FAILED).
 */
let server: TestServer;
let tenant: Tenant;
let worker: ReturnType<typeof startWorker>;
let backlogId: string;
beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTenant(server.db.base);
  backlogId = (await createExecution(server.db.base, tenant.workflow)).id;
  const { key } = await createApiKey(server.db.base, tenant.organization.id, { scopes: ['executions:read', 'executions:report'] });
  worker = startWorker({ url: server.server.url, apiKey: key, logger: createLogger({ logLevel: 'silent' }), stepMs: 0 });
});
afterAll(async () => {
  await worker.stop();
  await server.stop();
});

async function watch() {
  const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, tenant.viewer.id, tenant.organization.slug));
  client.subscribe('1', EXECUTION_UPDATED);
  return client;
}

async function statusesOf(client: SubscriptionClient, executionId: string, count: number): Promise<string[]> {
  const statuses: string[] = [];
  while (statuses.length < count) {
    const { executionUpdated } = (await client.nextMessage('1')).payload.data;
    if (executionUpdated.id === executionId) statuses.push(executionUpdated.status);
  }
  return statuses;
}

const run = async (input?: Record<string, unknown>) => {
  const response = await server.gql(`mutation($workflowId: ID!, $input: JSON) { runWorkflow(input: { workflowId: $workflowId, input: $input }) { execution { id } } }`, {
    as: tenant.editor.id,
    org: tenant.organization.slug,
    variables: { workflowId: tenant.workflowId, input },
  });
  return response.body.data!.runWorkflow.execution.id as string;
};

describe('the reference worker', () => {
  it('takes a new run: QUEUED, RUNNING, SUCCEEDED, as a subscriber sees it', async () => {
    const client = await watch();
    const executionId = await run();
    expect(await statusesOf(client, executionId, 3)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    await client.close();
  });

  it('reports FAILED, with the error, when the run fails', async () => {
    const client = await watch();
    const executionId = await run({ fail: true });
    expect(await statusesOf(client, executionId, 3)).toEqual(['QUEUED', 'RUNNING', 'FAILED']);
    const read = await server.gql(`query($id: ID!) { execution(id: $id) { status error } }`, { as: tenant.viewer.id, org: tenant.organization.slug, variables: { id: executionId } });
    expect(read.body.data?.execution).toEqual({ status: 'FAILED', error: 'The input asked this run to fail' });
    await client.close();
  });

  it('also finishes what was queued before it started (it polls when it connects)', async () => {
    const client = await watch();
    const read = async () =>
      (await server.gql(`query($id: ID!) { execution(id: $id) { status } }`, { as: tenant.viewer.id, org: tenant.organization.slug, variables: { id: globalId('Execution', backlogId) } })).body.data?.execution?.status;
    if ((await read()) !== 'SUCCEEDED') expect(await statusesOf(client, globalId('Execution', backlogId), 1)).toEqual(['SUCCEEDED']);
    expect(await read()).toBe('SUCCEEDED');
    await client.close();
  });
});

describe('npm run worker', () => {
  it('without --key prints its usage and exits 2', async () => {
    const result = await runTsx('src/worker/cli.ts', [], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run worker -- --key <api key>');
  });
});
