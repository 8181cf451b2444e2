import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readExecutionForEvent, type EventReader } from '../../src/modules/execution/execution.event-reads.js';
import { createExecution, createMember, globalId } from '../support/factories.js';
import { countRoundTrips } from '../support/round-trips.js';
import type { TestServer } from '../support/server.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { createTenant, startWithTenant, EXECUTION_UPDATED, personPayload, runWorkflow, whenListening, type Tenant } from './fixture.js';

/**
 * An event is re-read once per organization and permission set, not once per subscriber: the
 * round trips one event costs do not grow with the number of its subscribers, whatever fields
 * each of them selects; subscribers of two organizations never share a read.
 */
let server: TestServer;
let acme: Tenant;
beforeAll(async () => ({ server, acme } = await startWithTenant()));
afterAll(() => server.stop());

const WITH_WORKFLOW = `subscription { executionUpdated { id status trigger durationMs workflow { id name status } version { id } } }`;
const NESTED = `subscription {
  executionUpdated {
    id
    triggeredBy { ... on User { name } ... on ApiKey { name } }
    workflow { name createdBy { name } currentVersion { version } executionCount executions(first: 2) { edges { node { id } } } }
    version { version workflow { name } }
  }
}`;
const SELECTIONS = [EXECUTION_UPDATED, WITH_WORKFLOW, NESTED];

/** `count` VIEWERs of acme (each a person of their own), taking turns at the three selections above; all live. */
async function acmeViewers(count: number) {
  const clients: SubscriptionClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const { user } = await createMember(server.db.base, acme.organization.id, 'VIEWER');
    const { client } = await SubscriptionClient.connect(server.server.url, await personPayload(server, user.id, acme.organization.slug));
    await whenListening(server, acme.organization.id, () => client.subscribe('1', SELECTIONS[i % SELECTIONS.length]));
    clients.push(client);
  }
  await runWorkflow(server, acme); // every subscription is live once this first event reached it
  await Promise.all(clients.map((client) => client.nextMessage('1')));
  return clients;
}

/** The round trips one execution event costs until every client has its payload, and the payloads. */
async function fanOutOneEvent(clients: SubscriptionClient[]) {
  const execution = await createExecution(server.db.base, acme.workflow);
  const { roundTrips, result } = await countRoundTrips(server, async () => {
    await server.server.events.publish({ kind: 'execution', organizationId: acme.organization.id, executionId: execution.id, workflowId: acme.workflow.id });
    return Promise.all(clients.map((client) => client.nextMessage('1')));
  });
  return { roundTrips, payloads: result.map((message) => message.payload), id: globalId('Execution', execution.id) };
}

describe('fan-out of one event', () => {
  it('costs the same round trips for one subscriber and for nine, each getting its own selection, nested fields included', async () => {
    const one = await acmeViewers(1);
    const single = await fanOutOneEvent(one);
    await Promise.all(one.map((client) => client.close()));
    const nine = await acmeViewers(9);
    const many = await fanOutOneEvent(nine);
    await Promise.all(nine.map((client) => client.close()));

    expect(many.roundTrips).toBe(single.roundTrips);
    const workflow = { id: acme.workflowId };
    expect(many.payloads[0]).toEqual({ data: { executionUpdated: { id: many.id, status: 'QUEUED', workflow } } });
    expect(many.payloads[1]).toEqual({
      data: {
        executionUpdated: {
          id: many.id,
          status: 'QUEUED',
          trigger: 'MANUAL',
          durationMs: null,
          workflow: { ...workflow, name: acme.workflow.name, status: 'ACTIVE' },
          version: { id: globalId('WorkflowVersion', acme.workflow.currentVersionId!) },
        },
      },
    });
    const nested = many.payloads[2].data.executionUpdated;
    expect(many.payloads[2].errors).toBeUndefined();
    expect(nested).toMatchObject({ id: many.id, triggeredBy: null, version: { version: 1, workflow: { name: acme.workflow.name } } });
    expect(nested.workflow).toMatchObject({ name: acme.workflow.name, createdBy: null, currentVersion: { version: 1 } });
    expect(nested.workflow.executions.edges[0].node.id).toBe(many.id);
    expect(nested.workflow.executionCount).toBeGreaterThanOrEqual(4); // the runs of this file so far
  });
});

describe('two organizations', () => {
  const reader = (tenant: Tenant): EventReader => ({
    base: server.db.base,
    organization: tenant.organization,
    actor: { kind: 'user', userId: tenant.viewer.id },
    role: 'VIEWER',
  });

  it('never share a read, even of one event handed to both: each reads under its own organization', async () => {
    const globex = await createTenant(server.db.base);
    const execution = await createExecution(server.db.base, acme.workflow);
    const read = (tenant: Tenant) => countRoundTrips(server, () => readExecutionForEvent(reader(tenant), { executionId: execution.id }, {}).catch(() => undefined));
    const [acmeAlone, globexAlone] = [await read(acme), await read(globex)];
    const event = { executionId: execution.id };
    const { roundTrips, result } = await countRoundTrips(server, () =>
      Promise.allSettled([readExecutionForEvent(reader(acme), event, {}), readExecutionForEvent(reader(globex), event, {}), readExecutionForEvent(reader(acme), event, {})]),
    );

    expect(roundTrips).toBe(acmeAlone.roundTrips + globexAlone.roundTrips);
    const [forAcme, forGlobex, forAcmeAgain] = result;
    expect(forAcme).toEqual({ status: 'fulfilled', value: expect.objectContaining({ id: execution.id, organizationId: acme.organization.id }) });
    expect(forAcmeAgain).toEqual(forAcme);
    expect(forGlobex).toEqual({ status: 'rejected', reason: expect.objectContaining({ code: 'P2025' }) });
  });
});
