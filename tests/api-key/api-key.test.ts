import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeySecretPart, createApiKey, createMember, createOrganization, globalId } from '../support/factories.js';
import { errorCodes, partnerOperation, startTestServer, type TestServer } from '../support/server.js';

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix scopes expiresAt revokedAt createdBy { email } } } }`;
const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } } }`;
const LIST_WORKFLOWS = partnerOperation('ListWorkflows');

let t: TestServer;
let orgId: string;
let admin: string;
let editor: string;

beforeAll(async () => {
  // API keys may send any text here, so what stops them from minting keys is shield itself.
  t = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  admin = (await createMember(t.db.base, org.id, 'ADMIN')).user.id;
  editor = (await createMember(t.db.base, org.id, 'EDITOR')).user.id;
});
afterAll(() => t.stop());

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and the key works until revoked', async () => {
    const created = await t.gql(CREATE, { as: admin, org: orgId, variables: { input: { name: 'Partner', scopes: ['workflows:read'] } } });
    const { secret, apiKey } = created.body.data!.createApiKey;
    expect(secret).toMatch(new RegExp(`^fgk_${apiKey.prefix}_`));
    expect(apiKey).toMatchObject({ name: 'Partner', scopes: ['workflows:read'], revokedAt: null });
    const row = await t.db.base.apiKey.findFirstOrThrow({ where: { prefix: apiKey.prefix } });
    expect(Buffer.from(row.hash)).toEqual(createHash('sha256').update(secret).digest());
    expect(JSON.stringify(row)).not.toContain(apiKeySecretPart(secret));
    const listed = await t.gql(`{ organization { apiKeys(first: 10) { edges { node { prefix } } } } }`, { as: admin, org: orgId });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const works = await t.gql(LIST_WORKFLOWS, { apiKey: secret });
    expect(works.body.errors).toBeUndefined();
    const revoked = await t.gql(REVOKE, { as: admin, org: orgId, variables: { input: { apiKeyId: apiKey.id } } });
    expect(revoked.body.data!.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
    const refused = await t.gql(LIST_WORKFLOWS, { apiKey: secret });
    expect(refused.status).toBe(401);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    const twice = await t.gql(REVOKE, { as: admin, org: orgId, variables: { input: { apiKeyId: apiKey.id } } });
    expect(errorCodes(twice)).toEqual(['CONFLICT']);
  });

  it('honours an expiry: the key works until then and lists its expiry', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const created = await t.gql(CREATE, { as: admin, org: orgId, variables: { input: { name: 'Worker', scopes: ['executions:read', 'executions:report'], expiresAt } } });
    const { secret, apiKey } = created.body.data!.createApiKey;
    expect(apiKey).toMatchObject({ expiresAt, scopes: ['executions:read', 'executions:report'], createdBy: { email: expect.any(String) } });
    expect(errorCodes(await t.gql(partnerOperation('ListExecutions'), { apiKey: secret }))).toEqual([]);
    expect(errorCodes(await t.gql(LIST_WORKFLOWS, { apiKey: secret }))).toEqual(['FORBIDDEN']);
  });

  it('lists revoked keys only when asked', async () => {
    const { apiKey } = await createApiKey(t.db.base, orgId, { revokedAt: new Date() });
    const list = (includeRevoked: boolean) =>
      t.gql(`query($r: Boolean) { organization { apiKeys(first: 100, includeRevoked: $r) { edges { node { prefix revokedAt } } } } }`, { as: admin, org: orgId, variables: { r: includeRevoked } });
    const prefixes = async (includeRevoked: boolean) => (await list(includeRevoked)).body.data!.organization.apiKeys.edges.map((edge: any) => edge.node.prefix);
    expect(await prefixes(false)).not.toContain(apiKey.prefix);
    expect(await prefixes(true)).toContain(apiKey.prefix);
  });

  it('refuses expired and malformed keys', async () => {
    const { key } = await createApiKey(t.db.base, orgId, { expiresAt: new Date(Date.now() - 1000) });
    expect(errorCodes(await t.gql(LIST_WORKFLOWS, { apiKey: key }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.gql(LIST_WORKFLOWS, { apiKey: 'fgk_nope' }))).toEqual(['UNAUTHENTICATED']);
    const tampered = (await createApiKey(t.db.base, orgId)).key.slice(0, -2) + 'zz';
    expect(errorCodes(await t.gql(LIST_WORKFLOWS, { apiKey: tampered }))).toEqual(['UNAUTHENTICATED']);
  });

  it('validates scopes, name and expiry, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', scopes: ['root'] }, 'scopes.0'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['audit:read', 'audit:read'] }, 'scopes'],
      [{ name: '', scopes: ['audit:read'] }, 'name'],
      [{ name: 'x', scopes: ['audit:read'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    ];
    for (const [input, field] of cases) {
      const res = await t.gql(CREATE, { as: admin, org: orgId, variables: { input } });
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('is managed by ADMINs only: EDITORs and API keys (all scopes) can neither list, mint nor revoke keys', async () => {
    const { apiKey: target, key } = await createApiKey(t.db.base, orgId);
    const apiKeyId = globalId('ApiKey', target.id);
    const input = { name: 'x', scopes: ['audit:read'] };
    const attempts = [
      await t.gql(CREATE, { as: editor, org: orgId, variables: { input } }),
      await t.gql(REVOKE, { as: editor, org: orgId, variables: { input: { apiKeyId } } }),
      await t.gql(`{ organization { apiKeys(first: 1) { totalCount } } }`, { as: editor, org: orgId }),
      await t.gql(CREATE, { apiKey: key, variables: { input } }),
      await t.gql(REVOKE, { apiKey: key, variables: { input: { apiKeyId } } }),
      await t.gql(`{ organization { apiKeys(first: 1) { totalCount } } }`, { apiKey: key }),
    ];
    expect(attempts.map(errorCodes)).toEqual(Array(6).fill(['FORBIDDEN']));
    expect(await t.db.base.apiKey.count({ where: { organizationId: orgId, name: 'x' } })).toBe(0);
    expect((await t.db.base.apiKey.findUniqueOrThrow({ where: { id: target.id } })).revokedAt).toBeNull();
  });

  it('writes exactly one audit entry per change, never the secret, and none for a refused one', async () => {
    const entries = () => t.db.base.auditLogEntry.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    const before = (await entries()).length;
    const created = await t.gql(CREATE, { as: admin, org: orgId, variables: { input: { name: 'Audited', scopes: ['audit:read'] } } });
    const { secret, apiKey } = created.body.data!.createApiKey;
    await t.gql(REVOKE, { as: admin, org: orgId, variables: { input: { apiKeyId: apiKey.id } } });
    const written = (await entries()).slice(before);
    expect(written.map((entry) => [entry.action, entry.resourceType, entry.actorUserId])).toEqual([
      ['apiKey.create', 'ApiKey', admin],
      ['apiKey.revoke', 'ApiKey', admin],
    ]);
    expect(written[0].requestId).toBe(created.headers.get('x-request-id'));
    expect(JSON.stringify(written)).not.toContain(apiKeySecretPart(secret));

    await t.gql(REVOKE, { as: admin, org: orgId, variables: { input: { apiKeyId: apiKey.id } } });
    await t.gql(CREATE, { as: admin, org: orgId, variables: { input: { name: 'x', scopes: [] } } });
    await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: 'x', scopes: ['audit:read'] } } });
    expect(await entries()).toHaveLength(before + 2);
  });

  it('records when a key was last used, without writing on every request', async () => {
    const { apiKey, key } = await createApiKey(t.db.base, orgId, { scopes: ['workflows:read'] });
    const lastUsedAt = async () => (await t.db.base.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt;
    await t.gql(LIST_WORKFLOWS, { apiKey: key });
    // The stamp is written after the response (never slowing it down): wait for it, however busy the machine.
    let first = await lastUsedAt();
    for (let waited = 0; !first && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      first = await lastUsedAt();
    }
    expect(first).toBeInstanceOf(Date);
    await t.gql(LIST_WORKFLOWS, { apiKey: key });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lastUsedAt()).toEqual(first);
  });
});
