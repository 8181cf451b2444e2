import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { errorCodes, partnerOperation, startTestServer, type TestServer } from '../support/server.js';

const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } } }`;
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;
const LIST_WORKFLOWS = partnerOperation('ListWorkflows');

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** Everything a cross-tenant attempt could change: both organizations' keys and audit logs. */
async function snapshot(organizationIds: string[]) {
  const where = { organizationId: { in: organizationIds } };
  return {
    apiKeys: await t.db.base.apiKey.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, organizationId: true, revokedAt: true, name: true } }),
    audit: await t.db.base.auditLogEntry.count({ where }),
  };
}

describe('API keys across tenants', () => {
  it("gives an OWNER or ADMIN of organization B NOT_FOUND for organization A's keys, which keep working", async () => {
    const a = await createOrganization(t.db.base);
    const victim = await createApiKey(t.db.base, a.id, { scopes: ['workflows:read'] });
    const apiKeyId = globalId('ApiKey', victim.apiKey.id);
    const b = await createOrganization(t.db.base);
    await createApiKey(t.db.base, b.id);
    const attackers = [await createMember(t.db.base, b.id, 'OWNER'), await createMember(t.db.base, b.id, 'ADMIN')];
    const before = await snapshot([a.id, b.id]);

    for (const attacker of attackers) {
      const as = { as: attacker.user.id, org: b.id };
      expect(errorCodes(await t.gql(REVOKE, { ...as, variables: { input: { apiKeyId } } }))).toEqual(['NOT_FOUND']);
      const read = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { ...as, variables: { id: apiKeyId } });
      expect(read.body.data!.node).toBeNull();
      const listed = await t.gql(`{ organization { apiKeys(first: 50, includeRevoked: true) { totalCount edges { node { prefix } } } } }`, as);
      expect(listed.body.data!.organization.apiKeys.totalCount).toBe(1);
      expect(JSON.stringify(listed.body)).not.toContain(victim.apiKey.prefix);
      const elsewhere = await t.gql(CREATE, { as: attacker.user.id, org: a.id, variables: { input: { name: 'planted', scopes: ['workflows:read'] } } });
      expect(errorCodes(elsewhere)).toEqual(['FORBIDDEN']);
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
    expect(errorCodes(await t.gql(LIST_WORKFLOWS, { apiKey: victim.key }))).toEqual([]);
  });

  it("acts in the key's own organization whatever x-organization-id says", async () => {
    const a = await createOrganization(t.db.base);
    const aWorkflow = await createWorkflow(t.db.base, a.id);
    const b = await createOrganization(t.db.base);
    const bWorkflow = await createWorkflow(t.db.base, b.id);
    const { key } = await createApiKey(t.db.base, b.id, { scopes: ['workflows:read'] });
    const response = await t.gql(LIST_WORKFLOWS, { apiKey: key, org: a.id });
    const names = response.body.data!.organization.workflows.edges.map((edge: any) => edge.node.name);
    expect(names).toEqual([bWorkflow.name]);
    expect(JSON.stringify(response.body)).not.toContain(aWorkflow.name);
  });
});
