import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import { decryptCredentials } from '../../src/modules/integration/credentials-cipher.js';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { createMember, createOrganization } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id provider name status config hasCredentials createdAt updatedAt } } }`;
const UPDATE = `mutation($input: UpdateIntegrationInput!) { updateIntegration(input: $input) { integration { id name config hasCredentials } } }`;
const DELETE = `mutation($input: DeleteIntegrationInput!) { deleteIntegration(input: $input) { deletedId } }`;
const EVERYTHING = `{ organization { integrations(first: 50) { edges { node { id provider name status config hasCredentials createdBy { email } createdAt updatedAt } } } } }`;
const SECRET = 'xoxb-super-secret-token-123';
const ROTATED = 'xoxb-rotated-secret-456';

let t: TestServer;
let orgId: string;
let owner: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
});
afterAll(() => t.stop());

const call = (query: string, input: Record<string, unknown>) => t.gql(query, { as: owner, org: orgId, variables: { input } });
const rowOf = (integrationId: string) => t.db.base.integration.findUniqueOrThrow({ where: { id: decodeGlobalID(integrationId).id } });

describe('integration credentials', () => {
  it('are sealed with AES-256-GCM at rest and never appear in a response or the audit log', async () => {
    const created = await call(CREATE, { provider: 'slack', name: 'Team Slack', config: { channel: '#ops' }, credentials: { token: SECRET } });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const { id } = created.body.data!.createIntegration.integration;
    const row = await rowOf(id);
    const stored = Buffer.from(row.credentials!);
    expect(stored.toString('latin1')).not.toContain(SECRET);
    expect(stored.toString('base64')).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(stored.length).toBeGreaterThan(12 + 16);
    expect(decryptCredentials(t.config.credentialsKey, row.credentials!)).toEqual({ token: SECRET });
    expect(() => decryptCredentials(Buffer.alloc(32, 1), row.credentials!)).toThrow();

    const updated = await call(UPDATE, { integrationId: id, credentials: { token: ROTATED } });
    expect(JSON.stringify(updated.body)).not.toContain(ROTATED);
    expect(decryptCredentials(t.config.credentialsKey, (await rowOf(id)).credentials!)).toEqual({ token: ROTATED });

    const listed = await t.gql(EVERYTHING, { as: owner, org: orgId });
    expect(listed.body.errors).toBeUndefined();
    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on Integration { id name config hasCredentials } } }`, { as: owner, org: orgId, variables: { id } });
    expect(node.body.data!.node).toMatchObject({ hasCredentials: true });
    const audit = await t.db.base.auditLogEntry.findMany({ where: { organizationId: orgId } });
    const auditApi = await t.gql(`{ organization { auditLog(first: 50) { edges { node { action metadata } } } } }`, { as: owner, org: orgId });
    expect(auditApi.body.errors).toBeUndefined();
    for (const text of [JSON.stringify(listed.body), JSON.stringify(node.body), JSON.stringify(audit), JSON.stringify(auditApi.body)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ROTATED);
    }
  });

  it('have no field in the schema, so no role or scope can ask for them', async () => {
    const type = unguardedSchema.getType('Integration');
    if (!isObjectType(type)) throw new Error('Integration is missing');
    expect(Object.keys(type.getFields()).filter((name) => /credential|secret|token/i.test(name))).toEqual(['hasCredentials']);
    const asked = await t.gql(`{ organization { integrations(first: 1) { edges { node { credentials } } } } }`, { as: owner, org: orgId });
    expect(errorCodes(asked)).toEqual(['BAD_USER_INPUT']);
    expect(asked.body.data).toBeUndefined();
  });

  it('are erased when the integration is deleted', async () => {
    const created = await call(CREATE, { provider: 'slack', name: 'Doomed', credentials: { token: SECRET } });
    const { id } = created.body.data!.createIntegration.integration;
    await call(DELETE, { integrationId: id });
    const row = await rowOf(id);
    expect(row).toMatchObject({ isActive: false, status: 'DISCONNECTED', credentials: null });
  });
});
