import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SCOPES, type Scope } from '../../src/auth/actor.js';
import { createApiKey, createExecution, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/**
 * SPEC §4: each API-key scope opens exactly its own part of the API. A key holding one scope tries a
 * probe for every scope; only its own succeeds. (Persisted-only is off here: that rule is tested apart.)
 */

type Org = Awaited<ReturnType<typeof createOrganization>>;
const PROBES: Record<Scope, { query: string; variables?: (org: Org) => Promise<Record<string, unknown>> }> = {
  'workflows:read': { query: `{ organization { workflows(first: 1) { totalCount } } }` },
  'workflows:write': { query: `mutation($n: String!) { createWorkflow(input: { name: $n, definition: {} }) { workflow { __typename } } }`, variables: async () => ({ n: unique('w') }) },
  'executions:read': { query: `{ organization { executions(first: 1) { totalCount } } }` },
  'executions:write': {
    query: `mutation($id: ID!) { runWorkflow(input: { workflowId: $id }) { execution { __typename } } }`,
    variables: async (org) => ({ id: globalId('Workflow', (await createWorkflow(t.db.base, org.id)).id) }),
  },
  'executions:report': {
    query: `mutation($id: ID!) { reportExecution(input: { executionId: $id, status: RUNNING }) { execution { __typename } } }`,
    variables: async (org) => ({ id: globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, org.id))).id) }),
  },
  'integrations:read': { query: `{ organization { integrations(first: 1) { totalCount } } }` },
  'members:read': { query: `{ organization { members(first: 1) { totalCount } } }` },
  'audit:read': { query: `{ organization { auditLog(first: 1) { totalCount } } }` },
};

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

  it.each(SCOPES)('probe for %s', async (probeScope) => {
    const probe = PROBES[probeScope];
    const response = await t.gql(probe.query, { apiKey: key, variables: probe.variables ? await probe.variables(org) : undefined });
    if (probeScope === scope) expect(response.body.errors).toBeUndefined();
    else expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });

  it('reads its organization’s name but never its API keys', async () => {
    const own = await t.gql(`{ organization { name } }`, { apiKey: key });
    expect(own.body.data?.organization.name).toBe(org.name);
    const keys = await t.gql(`{ organization { apiKeys(first: 1) { totalCount } } }`, { apiKey: key });
    expect(errorCodes(keys)).toEqual(['FORBIDDEN']);
  });
});
