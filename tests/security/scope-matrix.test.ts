import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SCOPES, type Scope } from '../../src/auth/actor.js';
import { createApiKey, createExecution, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/**
 * SPEC §4: each API-key scope opens exactly its own part of the API. A key holding one scope tries a
 * probe for every scope; only its own succeeds. (Persisted-only is off here: that rule is tested apart.)
 */

type Org = Awaited<ReturnType<typeof createOrganization>>;
interface Probe {
  name: string;
  query: string;
  variables?: (org: Org) => Promise<Record<string, unknown>>;
}

const workflowId = async (org: Org) => globalId('Workflow', (await createWorkflow(t.db.base, org.id)).id);
const executionId = async (org: Org) => globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, org.id))).id);

/** Every field a scope opens, each tried by a key of every scope. */
const PROBES: Record<Scope, Probe[]> = {
  'workflows:read': [
    { name: 'organization.workflows', query: `{ organization { workflows(first: 1) { totalCount } } }` },
    { name: 'workflow', query: `query($id: ID!) { workflow(id: $id) { name versions(first: 1) { totalCount } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
  ],
  'workflows:write': [
    { name: 'createWorkflow', query: `mutation($n: String!) { createWorkflow(input: { name: $n, definition: {} }) { workflow { __typename } } }`, variables: async () => ({ n: unique('w') }) },
    { name: 'updateWorkflow', query: `mutation($id: ID!) { updateWorkflow(input: { workflowId: $id, description: "new" }) { workflow { __typename } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
    { name: 'setWorkflowStatus', query: `mutation($id: ID!) { setWorkflowStatus(input: { workflowId: $id, status: ARCHIVED }) { workflow { __typename } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
  ],
  'executions:read': [
    { name: 'organization.executions', query: `{ organization { executions(first: 1) { totalCount } } }` },
    { name: 'execution', query: `query($id: ID!) { execution(id: $id) { status } }`, variables: async (org) => ({ id: await executionId(org) }) },
  ],
  'executions:write': [
    { name: 'runWorkflow', query: `mutation($id: ID!) { runWorkflow(input: { workflowId: $id }) { execution { __typename } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
    { name: 'cancelExecution', query: `mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { __typename } } }`, variables: async (org) => ({ id: await executionId(org) }) },
  ],
  'executions:report': [
    { name: 'reportExecution', query: `mutation($id: ID!) { reportExecution(input: { executionId: $id, status: RUNNING }) { execution { __typename } } }`, variables: async (org) => ({ id: await executionId(org) }) },
  ],
  'integrations:read': [{ name: 'organization.integrations', query: `{ organization { integrations(first: 1) { totalCount } } }` }],
  'members:read': [{ name: 'organization.members', query: `{ organization { members(first: 1) { totalCount } } }` }],
  'audit:read': [{ name: 'organization.auditLog', query: `{ organization { auditLog(first: 1) { totalCount } } }` }],
};
const ALL_PROBES = SCOPES.flatMap((scope) => PROBES[scope].map((probe) => ({ scope, ...probe })));

let t: TestServer;
let org: Org;
beforeAll(async () => {
  t = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
  org = await createOrganization(t.db.base);
});
afterAll(() => t.stop());

describe.each(SCOPES)('an API key with only %s', (scope) => {
  let key: string;
  beforeAll(async () => {
    key = (await createApiKey(t.db.base, org.id, { scopes: [scope] })).key;
  });

  it.each(ALL_PROBES)('$name (opened by $scope)', async (probe) => {
    const response = await t.gql(probe.query, { apiKey: key, variables: probe.variables ? await probe.variables(org) : undefined });
    if (probe.scope === scope) expect(response.body.errors).toBeUndefined();
    else expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });

  it('reads its organization’s name but never its API keys', async () => {
    const own = await t.gql(`{ organization { name } }`, { apiKey: key });
    expect(own.body.data?.organization.name).toBe(org.name);
    const keys = await t.gql(`{ organization { apiKeys(first: 1) { totalCount } } }`, { apiKey: key });
    expect(errorCodes(keys)).toEqual(['FORBIDDEN']);
  });
});
