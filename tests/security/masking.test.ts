import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BucketStore } from '../../src/rate-limit/bucket-store.js';
import { memberOfNewOrganization, PRODUCTION_ENV, startGateway, startProductionGateway, type Gateway, type Reply } from './gateway.js';

/**
 * In production an unexpected error, thrown at any stage of a request, reaches the client as
 * INTERNAL_SERVER_ERROR with the request id and nothing else; the log has the whole error.
 */

const requestId = () => `masking-${randomBytes(6).toString('hex')}`;

function expectMasked(reply: Reply, id: string) {
  expect(reply.headers.get('x-request-id')).toBe(id);
  const error = reply.body.errors?.[0];
  expect(error).toEqual(expect.objectContaining({ message: `Internal server error (request ${id})` }));
  expect(error?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: id });
  expect(JSON.stringify(reply.body)).not.toMatch(/pglite|pool|closed|prisma|sql|stack|exploded|\bat\s/i);
}

function loggedError(g: Gateway, id: string): string {
  const line = g.logs.lines().find((entry) => entry.requestId === id && entry.msg === 'unexpected error');
  expect(line).toBeDefined();
  return JSON.stringify(line?.err);
}

describe('with the database gone', () => {
  let g: Gateway;
  let userId: string;
  let orgId: string;

  beforeAll(async () => {
    g = await startGateway({ env: PRODUCTION_ENV });
    ({ organizationId: orgId, userId } = await memberOfNewOrganization(g, 'OWNER'));
    await g.db.close();
  });
  afterAll(() => g.stop());

  it('masks an error thrown by a resolver, and logs it whole', async () => {
    const id = requestId();
    const reply = await g.post({ query: '{ viewer { user { email } } }' }, { ...(await g.as(userId)), 'x-request-id': id });
    expectMasked(reply, id);
    expect(reply.body.errors?.[0]).toMatchObject({ path: ['viewer', 'user'] });
    expect(loggedError(g, id).length).toBeGreaterThan(20);
  });

  it('masks an error thrown while creating the context (choosing the organization)', async () => {
    const id = requestId();
    const reply = await g.post({ query: '{ organization { name } }' }, { ...(await g.as(userId, orgId)), 'x-request-id': id });
    expect(reply.status).toBe(500);
    expectMasked(reply, id);
    expect(loggedError(g, id)).toBeTruthy();
  });

  it('masks an error thrown by Express middleware ahead of Apollo (a trusted-document lookup)', async () => {
    const id = requestId();
    const reply = await g.post({ documentId: 'a'.repeat(64) }, { 'x-request-id': id });
    expect(reply.status).toBe(500);
    expectMasked(reply, id);
    expect(loggedError(g, id)).toBeTruthy();
  });
});

describe('with a failing request plugin', () => {
  let g: Gateway;
  const exploding: BucketStore = {
    take: async () => {
      throw new Error('bucket store exploded: redis://user:hunter2@cache');
    },
  };

  beforeAll(async () => {
    g = await startGateway({ env: PRODUCTION_ENV, rateLimitStore: exploding });
  });
  afterAll(() => g.stop());

  it('masks the plugin’s error, and logs it whole', async () => {
    const id = requestId();
    const reply = await g.post({ query: '{ __typename }' }, { 'x-request-id': id });
    expect(reply.status).toBe(500);
    expectMasked(reply, id);
    expect(reply.body.data).toBeUndefined();
    expect(loggedError(g, id)).toMatch(/bucket store exploded/);
  });
});

describe('schema details in production', () => {
  let g: Gateway;
  let owner: Record<string, string>;

  beforeAll(async () => {
    ({ gateway: g, owner } = await startProductionGateway());
  });
  afterAll(() => g.stop());

  it('refuses introspection, __type included', async () => {
    const reply = await g.post({ query: '{ __type(name: "Workflow") { fields { name } } }' });
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
  });

  it('drops suggestions from validation and variable errors but keeps the rest of the message', async () => {
    const field = await g.post({ query: '{ organization { nmae } }' }, owner);
    expect(field.body.errors?.map((error) => error.message)).toEqual(['Cannot query field "nmae" on type "Organization".']);
    const variable = await g.post(
      { query: 'query($s: WorkflowStatus) { organization { workflows(status: $s) { totalCount } } }', variables: { s: 'ACTIV' } },
      owner,
    );
    expect(variable.body.errors?.[0].message).toBe('Variable "$s" got invalid value "ACTIV"; Value "ACTIV" does not exist in "WorkflowStatus" enum.');
  });

  it('keeps suggestions outside production, where the schema is public', async () => {
    const development = await startGateway({ env: { NODE_ENV: 'development' } });
    try {
      const reply = await development.post({ query: '{ viewr { user { id } } }' });
      expect(reply.body.errors?.[0].message).toMatch(/Did you mean "viewer"\?$/);
    } finally {
      await development.stop();
    }
  });
});
