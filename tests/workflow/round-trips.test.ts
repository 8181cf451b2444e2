import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createExecution, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { countRoundTrips } from '../support/round-trips.js';
import { partnerOperation, startTestServer, type CallOptions, type TestServer } from '../support/server.js';

/**
 * Round trips per request for the shapes the benchmark measures besides the dashboard (pinned in
 * dashboard-batching.test.ts), authentication included: a change that adds one says so here.
 * Lists are measured at two page sizes, and must not differ.
 */
/** On PostgreSQL a transaction's BEGIN travels with its settings statement; the embedded database sends it alone. */
const begin = () => (t.db.driver.kind === 'postgres' ? 0 : 1);
const onPostgres = (postgres: number, embedded: number) => () => (t.db.driver.kind === 'postgres' ? postgres : embedded);
const PARTNER_LIST = 4; // API key + BEGIN with settings, the page with its relations and counts, COMMIT
/**
 * PostgreSQL: BEGIN with the membership check and the settings (one statement), the row, COMMIT.
 * Embedded (no request session): the membership check, BEGIN with settings, the row, COMMIT.
 */
const NODE = onPostgres(3, 4);
/**
 * PostgreSQL: BEGIN with the membership check and the settings, the workflow, the insert (returning
 * the row), the audit entry, COMMIT — the mutation's writes commit in the request's session.
 * Embedded: the membership check, then the same transaction of its own; its events stay in process.
 */
const RUN_WORKFLOW = onPostgres(5, 6);
/** When PostgreSQL carries events (no Redis), the committed run is announced with one NOTIFY more. */
const notify = () => (t.server.events.kind === 'postgres' ? 1 : 0);

let t: TestServer;
let owner: string;
let orgId: string;
let apiKey: string;
let workflowId: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
  apiKey = (await createApiKey(t.db.base, org.id)).key;
  for (let index = 0; index < 55; index += 1) {
    const workflow = await createWorkflow(t.db.base, org.id, { versions: 2, createdById: owner });
    await createExecution(t.db.base, workflow, { status: 'SUCCEEDED', triggeredByUserId: owner });
    workflowId = globalId('Workflow', workflow.id);
  }
}, 300_000); // 55 workflows with versions and executions, on a busy machine
afterAll(() => t.stop());

async function measure(query: string, call: CallOptions) {
  await t.gql(query, call); // caches settle first (the API key's lastUsedAt stamp, trusted documents)
  const { roundTrips, result: response } = await countRoundTrips(t, () => t.gql(query, call));
  expect(response.body.errors).toBeUndefined();
  return { roundTrips: roundTrips - begin(), data: response.body.data! };
}

describe('round trips per request', () => {
  it('lists workflows for a partner in the same round trips for 5 and for 50 rows', async () => {
    const list = partnerOperation('ListWorkflows');
    const small = await measure(list, { apiKey, variables: { first: 5 } });
    const large = await measure(list, { apiKey, variables: { first: 50 } });
    expect(large.data.organization.workflows.edges).toHaveLength(50);
    expect(large.data.organization.workflows.edges[0].node.lastExecution).toMatchObject({ status: 'SUCCEEDED' });
    expect(small.roundTrips).toBe(PARTNER_LIST);
    expect(large.roundTrips).toBe(PARTNER_LIST);
  });

  it.each([
    ['SortedWorkflows', { orderBy: ['NAME_ASC'], filter: { status: { in: ['ACTIVE'] }, createdAt: { gte: '2000-01-01T00:00:00Z' } } }],
    ['SortedExecutions', { orderBy: ['FINISHED_AT_DESC'], filter: { status: { in: ['SUCCEEDED', 'FAILED'] } } }],
    ['WorkflowRuns', { orderBy: ['CREATED_AT_ASC'], filter: { status: { eq: 'SUCCEEDED' } } }],
    ['AuditTrail', { filter: { resourceType: { in: ['workflow'] } } }],
  ])('serves the partner operation %s, sorted and filtered, in the same round trips for 5 and for 50 rows', async (name, variables) => {
    const operation = partnerOperation(name);
    const call = (first: number) => ({ apiKey, variables: { ...variables, first, id: workflowId } });
    const small = await measure(operation, call(5));
    const large = await measure(operation, call(50));
    expect(small.roundTrips).toBe(PARTNER_LIST);
    expect(large.roundTrips).toBe(PARTNER_LIST);
  });

  it('looks up a node', async () => {
    const node = await measure('query ($id: ID!) { node(id: $id) { id ... on Workflow { name status } } }', { as: owner, org: orgId, variables: { id: workflowId } });
    expect(node.data.node).toMatchObject({ id: workflowId });
    expect(node.roundTrips).toBe(NODE());
  });

  it('runs a workflow', async () => {
    const run = await measure('mutation ($input: RunWorkflowInput!) { runWorkflow(input: $input) { execution { id status trigger createdAt } } }', {
      as: owner,
      org: orgId,
      variables: { input: { workflowId } },
    });
    expect(run.data.runWorkflow.execution).toMatchObject({ status: 'QUEUED', trigger: 'MANUAL' });
    expect(run.roundTrips).toBe(RUN_WORKFLOW() + notify());
  });
});
