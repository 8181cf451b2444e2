import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createExecution, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { countRoundTrips } from '../support/round-trips.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Reads follow the GraphQL selection down to the column (Pothos' select mode): a large JSON column
 * nobody asked for is never read. Pinned two ways: the SQL names none of those columns, and the
 * bytes of the rows the database sends back for a request do not change when every definition,
 * input and output grows from a few hundred bytes to 60 kB.
 */
const DASHBOARD = `query Dashboard($n: Int!) { organization {
  workflows(first: $n) { totalCount edges { node { id name currentVersion { version } lastExecution { id status } executionCount createdBy { email } } } }
  executions(first: $n) { totalCount edges { node { id status workflow { name } version { version } triggeredBy { __typename ... on User { email } ... on ApiKey { name } } } } } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { id ... on Workflow { name status } ... on WorkflowVersion { version } ... on Execution { executionStatus: status } } }`;
const LARGE_COLUMNS = /"(definition|input|output|config|metadata)"/;
/** An API key's secret parts: an execution's `triggeredBy { ... on ApiKey { name } }` needs neither. */
const KEY_SECRETS = /"(hash|prefix|scopes)"/;

let t: TestServer;
let owner: string;
let orgId: string;
const nodeIds: string[] = [];

/** A JSON object of about `bytes` bytes once serialized. */
const sized = (bytes: number) => ({ steps: Array.from({ length: Math.ceil(bytes / 50) }, (_, n) => ({ id: `step-${n}`, action: 'transform' })) });

async function growPayloads(bytes: number) {
  await t.db.base.workflowVersion.updateMany({ where: { organizationId: orgId }, data: { definition: sized(bytes) } });
  await t.db.base.workflowExecution.updateMany({ where: { organizationId: orgId }, data: { input: sized(bytes), output: sized(bytes) } });
}

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
  for (let index = 0; index < 10; index += 1) {
    const workflow = await createWorkflow(t.db.base, org.id, { versions: 2, createdById: owner });
    const execution = await createExecution(t.db.base, workflow, { status: 'SUCCEEDED', triggeredByUserId: owner });
    nodeIds.push(globalId('Workflow', workflow.id), globalId('WorkflowVersion', workflow.currentVersionId!), globalId('Execution', execution.id));
  }
  // One execution started by a partner's API key, so the dashboard also reads a key.
  const { apiKey } = await createApiKey(t.db.base, org.id, { name: 'partner sync' });
  const byKey = await createExecution(t.db.base, await createWorkflow(t.db.base, org.id, { createdById: owner }), { status: 'SUCCEEDED' });
  await t.db.base.workflowExecution.update({ where: { id: byKey.id }, data: { triggeredByApiKeyId: apiKey.id } });
  await growPayloads(250);
});
afterAll(() => t.stop());

/** One request's SQL and the bytes of the rows the database returned for it, after a first run that settles caches and prepared statements. */
async function read(query: string, variables: Record<string, unknown>) {
  const call = () => t.gql(query, { as: owner, org: orgId, variables });
  await call();
  const { rowBytes, result } = await countRoundTrips(t, call);
  expect(result.body.errors).toBeUndefined();
  return { sql: [...t.queries], bytes: rowBytes, data: result.body.data! };
}

describe('columns read for a selection', () => {
  it('names no large JSON column in the SQL of the dashboard or of node', async () => {
    const dashboard = await read(DASHBOARD, { n: 20 });
    expect(dashboard.data.organization.workflows.edges).toHaveLength(11);
    expect(dashboard.data.organization.executions.edges.map(({ node }: { node: { triggeredBy: unknown } }) => node.triggeredBy)).toContainEqual({ __typename: 'ApiKey', name: 'partner sync' });
    expect(dashboard.sql.filter((sql) => LARGE_COLUMNS.test(sql) || KEY_SECRETS.test(sql))).toEqual([]);
    for (const id of nodeIds.slice(0, 3)) {
      const node = await read(NODE, { id });
      expect(node.data.node).toMatchObject({ id });
      expect(node.sql.filter((sql) => LARGE_COLUMNS.test(sql))).toEqual([]);
    }
  });

  it('reads as many bytes for definitions of 60 kB as for definitions of 250 bytes', async () => {
    const before = { dashboard: await read(DASHBOARD, { n: 20 }), node: await read(NODE, { id: nodeIds[1] }) };
    await growPayloads(60_000);
    const after = { dashboard: await read(DASHBOARD, { n: 20 }), node: await read(NODE, { id: nodeIds[1] }) };
    await growPayloads(250);
    expect(after.dashboard.data).toEqual(before.dashboard.data);
    expect(after.dashboard.bytes).toBe(before.dashboard.bytes);
    expect(after.node.bytes).toBe(before.node.bytes);
  });

  it('still reads a large column when it is asked for', async () => {
    const { sql, data } = await read(`query ($id: ID!) { node(id: $id) { ... on WorkflowVersion { definition } } }`, { id: nodeIds[1] });
    expect(sql.some((text) => text.includes('"definition"'))).toBe(true);
    expect(data.node.definition).toEqual(sized(250));
  });
});
