import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createIntegration, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id provider name status config hasCredentials createdBy { email } } } }`;
const UPDATE = `mutation($input: UpdateIntegrationInput!) { updateIntegration(input: $input) { integration { id name status config hasCredentials } } }`;
const DELETE = `mutation($input: DeleteIntegrationInput!) { deleteIntegration(input: $input) { deletedId } }`;
const LIST = `{ organization { integrations(first: 50) { totalCount edges { node { id name status hasCredentials } } } } }`;

let t: TestServer;
let orgId: string;
let admin: { id: string; email: string };
let viewer: string;

beforeAll(async () => {
  // API keys may send any text here, so what stops them from managing integrations is shield itself.
  t = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  admin = (await createMember(t.db.base, org.id, 'ADMIN')).user;
  viewer = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
});
afterAll(() => t.stop());

const call = (query: string, input: Record<string, unknown>, as = admin.id) => t.gql(query, { as, org: orgId, variables: { input } });
const audit = () => t.db.base.auditLogEntry.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: 'asc' } });

describe('integrations', () => {
  it('connects, lists, reconfigures and disconnects an integration', async () => {
    const created = await call(CREATE, { provider: 'github', name: ' Code ', config: { org: 'acme' }, credentials: { token: 't' } });
    const integration = created.body.data!.createIntegration.integration;
    expect(integration).toMatchObject({ provider: 'github', name: 'Code', status: 'CONNECTED', config: { org: 'acme' }, hasCredentials: true, createdBy: { email: admin.email } });
    const listed = await t.gql(LIST, { as: viewer, org: orgId });
    expect(listed.body.data!.organization.integrations.edges).toContainEqual({ node: { id: integration.id, name: 'Code', status: 'CONNECTED', hasCredentials: true } });

    const updated = await call(UPDATE, { integrationId: integration.id, name: 'Source', config: { org: 'globex' }, status: 'ERROR' });
    expect(updated.body.data!.updateIntegration.integration).toEqual({ id: integration.id, name: 'Source', status: 'ERROR', config: { org: 'globex' }, hasCredentials: true });
    const untouched = await call(UPDATE, { integrationId: integration.id });
    expect(untouched.body.data!.updateIntegration.integration).toMatchObject({ name: 'Source', config: { org: 'globex' } });

    const deleted = await call(DELETE, { integrationId: integration.id });
    expect(deleted.body.data!.deleteIntegration.deletedId).toBe(integration.id);
    const after = await t.gql(LIST, { as: viewer, org: orgId });
    expect(after.body.data!.organization.integrations.edges.map((edge: any) => edge.node.id)).not.toContain(integration.id);
    const read = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { as: admin.id, org: orgId, variables: { id: integration.id } });
    expect(read.body.data!.node).toBeNull();
    expect(errorCodes(await call(UPDATE, { integrationId: integration.id, name: 'Back' }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await call(DELETE, { integrationId: integration.id }))).toEqual(['NOT_FOUND']);
  });

  it('creates one without config or credentials', async () => {
    const created = await call(CREATE, { provider: 'webhook', name: 'Hook' });
    expect(created.body.data!.createIntegration.integration).toMatchObject({ config: {}, hasCredentials: false });
  });

  it('validates provider, name, config and credentials, naming the field', async () => {
    const big = { blob: 'x'.repeat(16 * 1024) };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [CREATE, { provider: 'Not Valid', name: 'x' }, 'provider'],
      [CREATE, { provider: 's', name: 'x' }, 'provider'],
      [CREATE, { provider: 'slack', name: '  ' }, 'name'],
      [CREATE, { provider: 'slack', name: 'x'.repeat(101) }, 'name'],
      [CREATE, { provider: 'slack', name: 'x', config: big }, 'config'],
      [CREATE, { provider: 'slack', name: 'x', config: 'text' }, 'config'],
      [CREATE, { provider: 'slack', name: 'x', credentials: ['a'] }, 'credentials'],
      [CREATE, { provider: 'slack', name: 'x', credentials: big }, 'credentials'],
      [UPDATE, { integrationId: 'nonsense', name: 'x' }, 'integrationId'],
      [UPDATE, { integrationId: globalId('Integration', '00000000-0000-4000-8000-000000000000'), name: '' }, 'name'],
      [UPDATE, { integrationId: globalId('Integration', '00000000-0000-4000-8000-000000000000'), config: [1] }, 'config'],
      [DELETE, { integrationId: 'nonsense' }, 'integrationId'],
    ];
    const before = await t.db.base.integration.count({ where: { organizationId: orgId } });
    for (const [query, input, field] of cases) {
      const res = await call(query, input);
      expect([field, res.body.errors?.[0].extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    expect(await t.db.base.integration.count({ where: { organizationId: orgId } })).toBe(before);
    const workflow = await createWorkflow(t.db.base, orgId);
    expect(errorCodes(await call(DELETE, { integrationId: globalId('Workflow', workflow.id) }))).toEqual(['NOT_FOUND']);
  });

  it('is managed by ADMINs only; viewers and API keys (any scope) are refused', async () => {
    const existing = await createIntegration(t.db.base, orgId);
    const integrationId = globalId('Integration', existing.id);
    const { key } = await createApiKey(t.db.base, orgId);
    const attempts = [
      await call(CREATE, { provider: 'slack', name: 'v' }, viewer),
      await call(UPDATE, { integrationId, name: 'v' }, viewer),
      await call(DELETE, { integrationId }, viewer),
      await t.gql(CREATE, { apiKey: key, variables: { input: { provider: 'slack', name: 'k' } } }),
      await t.gql(UPDATE, { apiKey: key, variables: { input: { integrationId, name: 'k' } } }),
      await t.gql(DELETE, { apiKey: key, variables: { input: { integrationId } } }),
    ];
    expect(attempts.map(errorCodes)).toEqual(Array(6).fill(['FORBIDDEN']));
    expect(await t.db.base.integration.findUniqueOrThrow({ where: { id: existing.id } })).toEqual(existing);
    const read = await t.gql(`{ organization { integrations(first: 1) { totalCount } } }`, { apiKey: key });
    expect(read.body.errors).toBeUndefined();
  });

  it('writes exactly one audit entry per change, and none for a refused one', async () => {
    const before = (await audit()).length;
    const created = await call(CREATE, { provider: 'slack', name: 'Audited', credentials: { token: 'a' } });
    const integrationId = created.body.data!.createIntegration.integration.id;
    await call(UPDATE, { integrationId, name: 'Audited 2', credentials: { token: 'b' } });
    await call(DELETE, { integrationId });
    const entries = (await audit()).slice(before);
    expect(entries.map((entry) => [entry.action, entry.resourceType, entry.actorUserId])).toEqual([
      ['integration.create', 'Integration', admin.id],
      ['integration.update', 'Integration', admin.id],
      ['integration.delete', 'Integration', admin.id],
    ]);
    expect(entries[0].requestId).toBe(created.headers.get('x-request-id'));
    expect(entries[1].metadata).toEqual({ fields: ['name', 'credentials'] });

    await call(CREATE, { provider: 'BAD', name: 'x' });
    await call(UPDATE, { integrationId, name: 'gone' });
    await call(DELETE, { integrationId });
    await call(CREATE, { provider: 'slack', name: 'x' }, viewer);
    expect(await audit()).toHaveLength(before + 3);
  });
});
