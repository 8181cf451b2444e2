import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import type { Role } from '../../src/generated/prisma/enums.js';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { createApiKey, createExecution, createIntegration, createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/**
 * SPEC §5, mutation by mutation: the lowest role allowed succeeds, and the role just below it is
 * FORBIDDEN. Each case builds fresh targets, so a success never changes what the next case sees.
 */

type Org = Awaited<ReturnType<typeof createOrganization>>;
interface Case {
  mutation: string;
  minimum: Role;
  below: Role;
  query: string;
  variables: (org: Org) => Promise<Record<string, unknown>>;
}

const workflowId = async (org: Org) => globalId('Workflow', (await createWorkflow(t.db.base, org.id)).id);
const executionId = async (org: Org) => globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, org.id))).id);
const memberId = async (org: Org) => globalId('Member', (await createMember(t.db.base, org.id, 'VIEWER')).membership.id);
const integrationId = async (org: Org) => globalId('Integration', (await createIntegration(t.db.base, org.id)).id);

const CASES: Case[] = [
  { mutation: 'updateOrganization', minimum: 'ADMIN', below: 'EDITOR', query: `mutation { updateOrganization(input: { name: "Renamed" }) { organization { name } } }`, variables: async () => ({}) },
  { mutation: 'updateOrganization (plan)', minimum: 'OWNER', below: 'ADMIN', query: `mutation { updateOrganization(input: { plan: ENTERPRISE }) { organization { plan } } }`, variables: async () => ({}) },
  { mutation: 'addMember', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($e: String!) { addMember(input: { email: $e, role: VIEWER }) { member { id } } }`, variables: async () => ({ e: `${unique('m')}@x.test` }) },
  { mutation: 'updateMemberRole', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($id: ID!) { updateMemberRole(input: { memberId: $id, role: EDITOR }) { member { role } } }`, variables: async (org) => ({ id: await memberId(org) }) },
  { mutation: 'removeMember', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($id: ID!) { removeMember(input: { memberId: $id }) { deletedId } }`, variables: async (org) => ({ id: await memberId(org) }) },
  { mutation: 'createWorkflow', minimum: 'EDITOR', below: 'VIEWER', query: `mutation($n: String!) { createWorkflow(input: { name: $n, definition: {} }) { workflow { id } } }`, variables: async () => ({ n: unique('w') }) },
  { mutation: 'updateWorkflow', minimum: 'EDITOR', below: 'VIEWER', query: `mutation($id: ID!) { updateWorkflow(input: { workflowId: $id, description: "d" }) { workflow { id } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
  { mutation: 'setWorkflowStatus', minimum: 'EDITOR', below: 'VIEWER', query: `mutation($id: ID!) { setWorkflowStatus(input: { workflowId: $id, status: ARCHIVED }) { workflow { status } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
  { mutation: 'runWorkflow', minimum: 'EDITOR', below: 'VIEWER', query: `mutation($id: ID!) { runWorkflow(input: { workflowId: $id }) { execution { id } } }`, variables: async (org) => ({ id: await workflowId(org) }) },
  { mutation: 'cancelExecution', minimum: 'EDITOR', below: 'VIEWER', query: `mutation($id: ID!) { cancelExecution(input: { executionId: $id }) { execution { status } } }`, variables: async (org) => ({ id: await executionId(org) }) },
  { mutation: 'createIntegration', minimum: 'ADMIN', below: 'EDITOR', query: `mutation { createIntegration(input: { provider: "slack", name: "S" }) { integration { id } } }`, variables: async () => ({}) },
  { mutation: 'updateIntegration', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($id: ID!) { updateIntegration(input: { integrationId: $id, name: "N" }) { integration { name } } }`, variables: async (org) => ({ id: await integrationId(org) }) },
  { mutation: 'deleteIntegration', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($id: ID!) { deleteIntegration(input: { integrationId: $id }) { deletedId } }`, variables: async (org) => ({ id: await integrationId(org) }) },
  { mutation: 'createApiKey', minimum: 'ADMIN', below: 'EDITOR', query: `mutation { createApiKey(input: { name: "k", scopes: ["audit:read"] }) { secret } }`, variables: async () => ({}) },
  { mutation: 'revokeApiKey', minimum: 'ADMIN', below: 'EDITOR', query: `mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { revokedAt } } }`, variables: async (org) => ({ id: globalId('ApiKey', (await createApiKey(t.db.base, org.id)).apiKey.id) }) },
];

/** Mutations that no person's role opens, or that need no role: tested below on their own. */
const NOT_BY_ROLE = ['createOrganization', 'reportExecution'];

let t: TestServer;
let org: Org;
const members = {} as Record<Role, string>;

beforeAll(async () => {
  t = await startTestServer();
  org = await createOrganization(t.db.base);
  for (const role of ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const) members[role] = (await createMember(t.db.base, org.id, role)).user.id;
});
afterAll(() => t.stop());

describe('role matrix', () => {
  it('covers every mutation', () => {
    const mutation = unguardedSchema.getType('Mutation');
    if (!isObjectType(mutation)) throw new Error('Mutation is missing');
    const covered = new Set([...CASES.map((c) => c.mutation.split(' ')[0]), ...NOT_BY_ROLE]);
    expect(Object.keys(mutation.getFields()).filter((field) => !covered.has(field))).toEqual([]);
  });

  it.each(CASES)('$mutation: $minimum may, $below may not', async ({ minimum, below, query, variables }) => {
    const allowed = await t.gql(query, { as: members[minimum], org: org.id, variables: await variables(org) });
    expect(allowed.body.errors).toBeUndefined();
    const refused = await t.gql(query, { as: members[below], org: org.id, variables: await variables(org) });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
  });

  it('createOrganization: any signed-in person may; anonymous callers and API keys may not', async () => {
    const query = `mutation($s: String!) { createOrganization(input: { name: "N", slug: $s }) { organization { slug } } }`;
    const person = await t.gql(query, { as: members.VIEWER, variables: { s: unique('o').toLowerCase() } });
    expect(person.body.errors).toBeUndefined();
    const anonymous = await t.gql(query, { variables: { s: unique('o').toLowerCase() } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const t2 = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
    try {
      const { key } = await createApiKey(t2.db.base, (await createOrganization(t2.db.base)).id);
      const byKey = await t2.gql(query, { apiKey: key, variables: { s: unique('o').toLowerCase() } });
      expect(errorCodes(byKey)).toEqual(['FORBIDDEN']);
    } finally {
      await t2.stop();
    }
  });

  it('reportExecution: even an OWNER may not; it is for workers’ API keys (see the scope matrix)', async () => {
    const res = await t.gql(`mutation($id: ID!) { reportExecution(input: { executionId: $id, status: RUNNING }) { execution { id } } }`, {
      as: members.OWNER,
      org: org.id,
      variables: { id: await executionId(org) },
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });
});
