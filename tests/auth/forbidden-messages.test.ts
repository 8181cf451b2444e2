import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Scope } from '../../src/auth/actor.js';
import { createApiKey, createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server.js';

/**
 * FORBIDDEN says what was missing (SPEC §7): a person hears the role the field needs (and their own),
 * an API key the scope, both in the message and as extensions.requiredRole / requiredScope, so a
 * frontend can tell the user what to ask an admin for.
 */

const CREATE_WORKFLOW = `mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { workflow { id } } }`;
const UPDATE_ORGANIZATION = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { plan } } }`;

let t: TestServer;
let organizationId: string;
const person: Record<string, string> = {};

beforeAll(async () => {
  // API keys may send free text here, so each rule can be reached with a query written for it.
  t = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
  organizationId = (await createOrganization(t.db.base)).id;
  for (const role of ['VIEWER', 'ADMIN'] as const) person[role] = (await createMember(t.db.base, organizationId, role)).user.id;
});
afterAll(() => t.stop());

const keyWith = async (scopes: Scope[]) => (await createApiKey(t.db.base, organizationId, { scopes })).key;
const firstError = (response: GraphQLResponse) => response.body.errors?.[0];

describe('FORBIDDEN names what is required', () => {
  it('tells a person the role, with theirs', async () => {
    const response = await t.gql(CREATE_WORKFLOW, { as: person.VIEWER, org: organizationId, variables: { input: { name: 'w', definition: {} } } });
    expect(firstError(response)).toMatchObject({
      message: 'Requires role EDITOR in the active organization (yours is VIEWER)',
      extensions: { code: 'FORBIDDEN', requiredRole: 'EDITOR', requiredScope: 'workflows:write' },
    });
  });

  it('tells an API key the scope', async () => {
    const key = await keyWith(['workflows:read']);
    const workflow = await createWorkflow(t.db.base, organizationId, { status: 'ACTIVE' });
    const response = await t.gql(`mutation($input: RunWorkflowInput!) { runWorkflow(input: $input) { execution { id } } }`, {
      apiKey: key,
      variables: { input: { workflowId: globalId('Workflow', workflow.id) } },
    });
    expect(firstError(response)).toMatchObject({
      message: 'Requires scope executions:write',
      extensions: { code: 'FORBIDDEN', requiredScope: 'executions:write' },
    });
  });

  it('tells an API key when only a person with a role may, and a person when only an API key may', async () => {
    const key = await keyWith(['workflows:read']);
    const apiKeys = await t.gql(`{ organization { apiKeys { totalCount } } }`, { apiKey: key });
    expect(firstError(apiKeys)).toMatchObject({
      message: 'Requires a person with role ADMIN; API keys cannot do this',
      extensions: { code: 'FORBIDDEN', requiredRole: 'ADMIN' },
    });
    const create = await t.gql(`mutation { createOrganization(input: { name: "n", slug: "${unique('k')}" }) { organization { id } } }`, { apiKey: key });
    expect(firstError(create)?.message).toBe('Requires a person (a bearer token); API keys cannot do this');
    const report = await t.gql(
      `mutation($input: ReportExecutionInput!) { reportExecution(input: $input) { execution { id } } }`,
      { as: person.ADMIN, org: organizationId, variables: { input: { executionId: globalId('Execution', organizationId), status: 'RUNNING' } } },
    );
    expect(firstError(report)).toMatchObject({
      message: 'Requires an API key with scope executions:report',
      extensions: { code: 'FORBIDDEN', requiredScope: 'executions:report' },
    });
  });

  it('names OWNER where a service decides it (the plan)', async () => {
    const response = await t.gql(UPDATE_ORGANIZATION, { as: person.ADMIN, org: organizationId, variables: { input: { plan: 'ENTERPRISE' } } });
    expect(firstError(response)).toMatchObject({ message: 'Only an OWNER can change the plan', extensions: { code: 'FORBIDDEN', requiredRole: 'OWNER' } });
  });

  it('tells a person reaching another organization’s lists through viewer how to select it', async () => {
    const other = await createOrganization(t.db.base, { slug: unique('other') });
    await createMember(t.db.base, other.id, 'OWNER');
    await t.db.base.organizationMember.create({ data: { organizationId: other.id, userId: person.VIEWER, role: 'OWNER' } });
    const response = await t.gql(`{ viewer { memberships { organization { slug workflows { totalCount } } } } }`, { as: person.VIEWER, org: organizationId });
    const refused = response.body.errors?.find((error) => error.extensions?.code === 'FORBIDDEN');
    expect(refused?.message).toBe('Only the active organization’s lists can be read: name this organization in x-organization-id');
  });
});
