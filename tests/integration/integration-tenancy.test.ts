import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIntegration, createMember, createOrganization, globalId } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const UPDATE = `mutation($input: UpdateIntegrationInput!) { updateIntegration(input: $input) { integration { id name } } }`;
const DELETE = `mutation($input: DeleteIntegrationInput!) { deleteIntegration(input: $input) { deletedId } }`;
const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** Everything a cross-tenant attempt could change: both organizations' integrations (credentials included) and audit logs. */
async function snapshot(organizationIds: string[]) {
  const where = { organizationId: { in: organizationIds } };
  return {
    integrations: await t.db.base.integration.findMany({ where, orderBy: { id: 'asc' } }),
    audit: await t.db.base.auditLogEntry.count({ where }),
  };
}

describe('integrations across tenants', () => {
  it("gives an OWNER or ADMIN of organization B NOT_FOUND for organization A's integrations, and changes nothing", async () => {
    const a = await createOrganization(t.db.base);
    const victim = await createIntegration(t.db.base, a.id, { credentials: { token: 'victim-token' } });
    const integrationId = globalId('Integration', victim.id);
    const b = await createOrganization(t.db.base);
    await createIntegration(t.db.base, b.id);
    const attackers = [await createMember(t.db.base, b.id, 'OWNER'), await createMember(t.db.base, b.id, 'ADMIN')];
    const before = await snapshot([a.id, b.id]);

    for (const attacker of attackers) {
      const as = { as: attacker.user.id, org: b.id };
      const update = await t.gql(UPDATE, { ...as, variables: { input: { integrationId, name: 'pwned', credentials: { token: 'x' } } } });
      expect(errorCodes(update)).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(DELETE, { ...as, variables: { input: { integrationId } } }))).toEqual(['NOT_FOUND']);
      const read = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { ...as, variables: { id: integrationId } });
      expect(read.body.data!.node).toBeNull();
      const listed = await t.gql(`{ organization { integrations(first: 50) { totalCount edges { node { id name } } } } }`, as);
      expect(listed.body.data!.organization.integrations.totalCount).toBe(1);
      expect(JSON.stringify(listed.body)).not.toContain(victim.name);
      const elsewhere = await t.gql(CREATE, { as: attacker.user.id, org: a.id, variables: { input: { provider: 'slack', name: 'planted' } } });
      expect(errorCodes(elsewhere)).toEqual(['FORBIDDEN']);
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });
});
