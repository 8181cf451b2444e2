import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { unique } from '../support/factories.js';
import { startTestServer, type CallOptions, type GraphQLResponse, type TestServer, type TestServerOptions } from '../support/server.js';
import { createAttackers, createVictim, snapshot, type Victim } from './tenant-fixture.js';

/**
 * Every query field and mutation, tried by each member (every role) and the API key of organization
 * B against organization A — three times: with both isolation layers; without graphql-shield (so the
 * database's row-level security, and the services' tenant-scoped queries, must hold); and with the
 * database handle privileged (so shield and the tenant-scoped queries must hold without RLS).
 * Nothing may succeed, nothing of A may leak into a response, and A's rows must not change.
 */

interface Attempt {
  field: string;
  query: string;
  variables: (victim: Victim) => Record<string, unknown>;
  /** How the attempt names A: by its ids (while B is active), or by selecting A with x-organization-id. */
  via: 'ids' | 'header';
}

const byIds = (field: string, query: string, variables: Attempt['variables']): Attempt => ({ field, query, variables, via: 'ids' });
const byHeader = (field: string, query: string, variables: Attempt['variables'] = () => ({})): Attempt => ({ field, query, variables, via: 'header' });

const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;
const ATTEMPTS: Attempt[] = [
  ...(['organizationId', 'workflowId', 'versionId', 'executionId', 'integrationId', 'apiKeyId', 'memberId', 'auditId', 'userId'] as const).map((id) =>
    byIds('node', NODE, (v) => ({ id: v.ids[id] })),
  ),
  byIds('nodes', `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, (v) => ({ ids: Object.values(v.ids) })),
  byIds('workflow', `query($id: ID!) { workflow(id: $id) { id name } }`, (v) => ({ id: v.ids.workflowId })),
  byIds('execution', `query($id: ID!) { execution(id: $id) { id status } }`, (v) => ({ id: v.ids.executionId })),
  byHeader('organization', `{ organization { id name workflows(first: 5) { edges { node { name } } } } }`),
  byIds('viewer', `{ viewer { memberships { organization { name } } } }`, () => ({})),
  byIds('updateWorkflow', `mutation($i: UpdateWorkflowInput!) { updateWorkflow(input: $i) { workflow { id } } }`, (v) => ({ i: { workflowId: v.ids.workflowId, name: 'pwned', definition: { x: 1 } } })),
  byIds('setWorkflowStatus', `mutation($i: SetWorkflowStatusInput!) { setWorkflowStatus(input: $i) { workflow { id } } }`, (v) => ({ i: { workflowId: v.ids.workflowId, status: 'ARCHIVED' } })),
  byIds('runWorkflow', `mutation($i: RunWorkflowInput!) { runWorkflow(input: $i) { execution { id } } }`, (v) => ({ i: { workflowId: v.ids.workflowId } })),
  byIds('cancelExecution', `mutation($i: CancelExecutionInput!) { cancelExecution(input: $i) { execution { id } } }`, (v) => ({ i: { executionId: v.ids.executionId } })),
  byIds('reportExecution', `mutation($i: ReportExecutionInput!) { reportExecution(input: $i) { execution { id } } }`, (v) => ({ i: { executionId: v.ids.executionId, status: 'SUCCEEDED' } })),
  byIds('updateMemberRole', `mutation($i: UpdateMemberRoleInput!) { updateMemberRole(input: $i) { member { id } } }`, (v) => ({ i: { memberId: v.ids.memberId, role: 'OWNER' } })),
  byIds('removeMember', `mutation($i: RemoveMemberInput!) { removeMember(input: $i) { deletedId } }`, (v) => ({ i: { memberId: v.ids.memberId } })),
  byIds('updateIntegration', `mutation($i: UpdateIntegrationInput!) { updateIntegration(input: $i) { integration { id } } }`, (v) => ({ i: { integrationId: v.ids.integrationId, name: 'pwned' } })),
  byIds('deleteIntegration', `mutation($i: DeleteIntegrationInput!) { deleteIntegration(input: $i) { deletedId } }`, (v) => ({ i: { integrationId: v.ids.integrationId } })),
  byIds('revokeApiKey', `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }`, (v) => ({ i: { apiKeyId: v.ids.apiKeyId } })),
  byHeader('updateOrganization', `mutation { updateOrganization(input: { name: "pwned" }) { organization { id } } }`),
  byHeader('createWorkflow', `mutation { createWorkflow(input: { name: "planted", definition: {} }) { workflow { id } } }`),
  byHeader('addMember', `mutation { addMember(input: { email: "intruder@evil.test", role: OWNER }) { member { id } } }`),
  byHeader('createIntegration', `mutation { createIntegration(input: { provider: "evil", name: "planted" }) { integration { id } } }`),
  byHeader('createApiKey', `mutation { createApiKey(input: { name: "planted", scopes: ["audit:read"] }) { secret } }`),
];

/** createOrganization names no existing tenant: it can only ever create a new one (checked below). */
const CANNOT_TARGET_A = ['createOrganization'];

const REFUSALS = ['NOT_FOUND', 'FORBIDDEN'];

function assertRefused(response: GraphQLResponse, attempt: Attempt, victim: Victim, who: string) {
  const context = `${who} → ${attempt.field}`;
  const text = JSON.stringify(response.body);
  for (const secret of victim.secrets) expect({ context, leaked: text.includes(secret) }).toEqual({ context, leaked: false });
  const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
  expect({ context, codes: codes.filter((code) => !REFUSALS.includes(code)) }).toEqual({ context, codes: [] });
  if (codes.length === 0) {
    const data = response.body.data?.[attempt.field];
    const harmless = data === null || (Array.isArray(data) && data.every((item) => item === null)) || attempt.field === 'viewer';
    expect({ context, harmless }).toEqual({ context, harmless: true });
  }
}

describe('every field is covered by the matrix', () => {
  it.each(['Query', 'Mutation'])('%s', (root) => {
    const type = unguardedSchema.getType(root);
    if (!isObjectType(type)) throw new Error(`${root} is missing`);
    const covered = new Set([...ATTEMPTS.map((attempt) => attempt.field), ...CANNOT_TARGET_A]);
    expect(Object.keys(type.getFields()).filter((field) => !covered.has(field))).toEqual([]);
  });
});

const MODES: Array<[string, TestServerOptions]> = [
  ['with shield and row-level security', {}],
  ['with row-level security alone (shield left out)', { shield: false }],
  ['with shield and tenant-scoped queries alone (database handle privileged)', { isolation: 'privileged' }],
];

describe.each(MODES)('cross-tenant attempts %s', (_mode, options) => {
  let t: TestServer;
  let victim: Victim;
  let attackers: Awaited<ReturnType<typeof createAttackers>>;

  beforeAll(async () => {
    // API keys may run any text here: the persisted-operation rule is a separate layer, tested on its own.
    t = await startTestServer({ ...options, env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
    victim = await createVictim(t.db.base);
    attackers = await createAttackers(t.db.base);
  });
  afterAll(() => t.stop());

  it('refuses every attempt by every role and by API key, and changes none of A’s rows', async () => {
    const before = await snapshot(t.db.base, victim.org.id);
    const actors: Array<[string, CallOptions]> = [
      ...Object.entries(attackers.members).map(([role, userId]): [string, CallOptions] => [role, { as: userId }]),
      ['API key', { apiKey: attackers.apiKey }],
    ];
    for (const [who, credentials] of actors) {
      for (const attempt of ATTEMPTS) {
        if (attempt.via === 'header' && credentials.apiKey) continue; // a key cannot choose its organization
        const org = attempt.via === 'header' ? victim.org.id : attackers.org.id;
        const response = await t.gql(attempt.query, { ...credentials, org: credentials.apiKey ? undefined : org, variables: attempt.variables(victim) });
        assertRefused(response, attempt, victim, who);
      }
    }
    expect(await snapshot(t.db.base, victim.org.id)).toEqual(before);
  });

  it('lets createOrganization make only a new organization', async () => {
    const before = await snapshot(t.db.base, victim.org.id);
    const slug = unique('new').toLowerCase();
    const res = await t.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { organization { slug viewerRole } } }`, {
      as: attackers.members.VIEWER,
      org: victim.org.id,
      variables: { i: { name: 'New', slug } },
    });
    expect(res.body.data?.createOrganization.organization).toEqual({ slug, viewerRole: 'OWNER' });
    expect(await snapshot(t.db.base, victim.org.id)).toEqual(before);
  });
});
