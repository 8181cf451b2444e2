import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createExecution, createMember, createOrganization, createWorkflow } from '../support/factories.js';
import { countRoundTrips } from '../support/round-trips.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The dashboard query reads a page of workflows with their current version, last execution,
 * execution count and creator, and a page of executions with their workflow, version and trigger.
 * Its round trips must not depend on the page size.
 */
const dashboard = (workflowArgs = '', executionArgs = '') => `query Dashboard($n: Int!) {
  organization {
    workflows(first: $n${workflowArgs}) {
      totalCount
      edges { node { id name currentVersion { version } lastExecution { id status } executionCount createdBy { email } } }
    }
    executions(first: $n${executionArgs}) {
      totalCount
      edges { node { id status workflow { name } version { version } triggeredBy { __typename ... on User { email } } } }
    }
  }
}`;
const DASHBOARD = dashboard();
/** The same screen sorted and filtered: still one statement for both pages, whatever their size. */
const SORTED_DASHBOARD = dashboard(
  ', orderBy: [NAME_ASC], filter: { status: { in: [ACTIVE, DRAFT] }, search: "workflow" }',
  ', orderBy: [FINISHED_AT_DESC], filter: { status: { in: [SUCCEEDED, FAILED] }, createdAt: { gte: "2000-01-01T00:00:00Z" } }',
);

/**
 * The count itself is pinned too, so a new per-request query (not only a per-row one) is noticed.
 * On PostgreSQL the request session: BEGIN with the membership check (joined with its organization),
 * the role and the settings in one statement, then the organization with both pages, their counts,
 * the latest execution of each workflow and every relation in ONE statement (relation joins), then
 * COMMIT (3). The embedded database checks the membership on its own and sends BEGIN on its own (5).
 */
const dashboardRoundTrips = () => (t.db.driver.kind === 'postgres' ? 3 : 5);

let t: TestServer;
let owner: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
  for (let index = 0; index < 55; index += 1) {
    const workflow = await createWorkflow(t.db.base, org.id, { versions: 2, createdById: owner });
    await createExecution(t.db.base, workflow, { status: 'SUCCEEDED', triggeredByUserId: owner });
    await createExecution(t.db.base, workflow, { status: 'RUNNING', triggeredByUserId: owner });
  }
});
afterAll(() => t.stop());

async function statementsFor(n: number, query = DASHBOARD) {
  const { roundTrips, result: response } = await countRoundTrips(t, () => t.gql(query, { as: owner, org: orgId, variables: { n } }));
  expect(response.body.errors).toBeUndefined();
  return { statements: roundTrips, data: response.body.data! };
}

describe('the dashboard query', () => {
  it('takes the same round trips for 5 and for 50 rows', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.data.organization.workflows.edges).toHaveLength(5);
    expect(large.data.organization.workflows.edges).toHaveLength(50);
    expect(large.data.organization.executions.edges).toHaveLength(50);
    const first = large.data.organization.workflows.edges[0].node;
    expect(first).toMatchObject({ currentVersion: { version: 2 }, executionCount: 2, lastExecution: { status: expect.any(String) } });
    expect(large.data.organization.executions.edges[0].node.triggeredBy).toMatchObject({ __typename: 'User' });
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBe(dashboardRoundTrips());
  });

  it('sorted and filtered, takes the same round trips for 5 and for 50 rows', async () => {
    const small = await statementsFor(5, SORTED_DASHBOARD);
    const large = await statementsFor(50, SORTED_DASHBOARD);
    expect(large.data.organization.workflows.edges).toHaveLength(50);
    expect(large.data.organization.executions).toMatchObject({ totalCount: 55 });
    expect(large.data.organization.executions.edges).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBe(dashboardRoundTrips());
  });
});
