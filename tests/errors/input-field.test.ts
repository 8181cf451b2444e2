import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Every validation error about an input carries `extensions.field` naming it, so a form can put the
 * message next to the right control. One case per validation the services and connections make.
 */

let t: TestServer;
let owner: string;
let organizationId: string;
let workflowId: string;

beforeAll(async () => {
  t = await startTestServer();
  organizationId = (await createOrganization(t.db.base)).id;
  owner = (await createMember(t.db.base, organizationId, 'OWNER')).user.id;
  workflowId = globalId('Workflow', (await createWorkflow(t.db.base, organizationId, { status: 'ACTIVE' })).id);
});
afterAll(() => t.stop());

const mutation = (name: string, inputType: string) => `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename } }`;

const cases: Array<[string, string, string, Record<string, unknown>]> = [
  ['createWorkflow', 'name', 'CreateWorkflowInput', { name: ' ', definition: {} }],
  ['createWorkflow', 'description', 'CreateWorkflowInput', { name: 'w', description: 'x'.repeat(2001), definition: {} }],
  ['createWorkflow', 'definition', 'CreateWorkflowInput', { name: 'w', definition: { big: 'x'.repeat(64 * 1024) } }],
  ['createWorkflow', 'definition', 'CreateWorkflowInput', { name: 'w', definition: [1] }],
  ['updateWorkflow', 'workflowId', 'UpdateWorkflowInput', { workflowId: 'not-an-id' }],
  ['setWorkflowStatus', 'status', 'SetWorkflowStatusInput', { workflowId: 'W', status: 'LIVE' }],
  ['runWorkflow', 'workflowId', 'RunWorkflowInput', { workflowId: '', input: {} }],
  ['runWorkflow', 'idempotencyKey', 'RunWorkflowInput', { workflowId: 'W', idempotencyKey: 'has space' }],
  ['runWorkflow', 'input', 'RunWorkflowInput', { workflowId: 'W', input: 'text' }],
  ['cancelExecution', 'executionId', 'CancelExecutionInput', { executionId: 'nope' }],
  ['createApiKey', 'scopes.1', 'CreateApiKeyInput', { name: 'k', scopes: ['workflows:read', 'everything'] }],
  ['createApiKey', 'expiresAt', 'CreateApiKeyInput', { name: 'k', scopes: ['workflows:read'], expiresAt: '2001-01-01T00:00:00Z' }],
  ['createApiKey', 'name', 'CreateApiKeyInput', { name: '', scopes: ['workflows:read'] }],
  ['revokeApiKey', 'apiKeyId', 'RevokeApiKeyInput', { apiKeyId: 'x' }],
  ['createIntegration', 'provider', 'CreateIntegrationInput', { provider: 'Not Valid', name: 'i' }],
  ['createIntegration', 'credentials', 'CreateIntegrationInput', { provider: 'slack', name: 'i', credentials: 'secret' }],
  ['updateIntegration', 'integrationId', 'UpdateIntegrationInput', { integrationId: 'x', name: 'i' }],
  ['deleteIntegration', 'integrationId', 'DeleteIntegrationInput', { integrationId: 'x' }],
  ['addMember', 'email', 'AddMemberInput', { email: 'not-an-email', role: 'VIEWER' }],
  ['addMember', 'role', 'AddMemberInput', { email: 'a@b.test', role: 'KING' }],
  ['updateMemberRole', 'memberId', 'UpdateMemberRoleInput', { memberId: 'x', role: 'VIEWER' }],
  ['removeMember', 'memberId', 'RemoveMemberInput', { memberId: 'x' }],
  ['createOrganization', 'slug', 'CreateOrganizationInput', { name: 'o', slug: 'Not A Slug' }],
  ['updateOrganization', 'name', 'UpdateOrganizationInput', { name: 'x'.repeat(101) }],
];

describe('extensions.field', () => {
  it.each(cases)('%s names %s', async (name, field, inputType, input) => {
    const variables = { input: JSON.parse(JSON.stringify(input).replace('"W"', JSON.stringify(workflowId))) };
    const response = await t.gql(mutation(name, inputType), { as: owner, org: organizationId, variables });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it.each([
    ['first: 101', 'first'],
    ['first: -1', 'first'],
    ['last: 101', 'last'],
    ['first: 1, before: "abc"', 'before'],
  ])('a connection argument %s names %s', async (args, field) => {
    const response = await t.gql(`{ organization { workflows(${args}) { totalCount } } }`, { as: owner, org: organizationId });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('a filter argument that is not a valid id names it', async () => {
    const response = await t.gql(`{ organization { executions(workflowId: "x") { totalCount } } }`, { as: owner, org: organizationId });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workflowId' });
  });

  it('a DateTime that does not parse names its input field', async () => {
    const response = await t.gql(mutation('createApiKey', 'CreateApiKeyInput'), {
      as: owner,
      org: organizationId,
      variables: { input: { name: unique('k'), scopes: ['workflows:read'], expiresAt: 'tomorrow' } },
    });
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'expiresAt' } });
    expect(response.body.errors?.[0].message).toMatch(/ISO-8601/);
  });
});
