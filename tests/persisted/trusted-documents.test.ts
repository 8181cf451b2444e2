import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import manifest from '../../operations/manifest.json' with { type: 'json' };
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createApiKey, createExecution, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { createScratchDatabase, runTsx, startGatewayProcess } from '../support/process.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/** Partners' API keys run reviewed operations only, named by id. */

let t: TestServer;
let orgId: string;
let key: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  key = (await createApiKey(t.db.base, org.id)).key;
});
afterAll(() => t.stop());

async function call(body: Record<string, unknown>, headers: Record<string, string> = { authorization: `ApiKey ${key}` }, url = t.server.url) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** Variables that make each manifest operation meaningful; a new operation without an entry fails the test. */
const VARIABLES: Record<string, () => Promise<Record<string, unknown>>> = {
  ListWorkflows: async () => ({ first: 5 }),
  ListExecutions: async () => ({ first: 5, status: 'QUEUED' }),
  GetWorkflow: async () => ({ id: globalId('Workflow', (await createWorkflow(t.db.base, orgId)).id) }),
  RunWorkflow: async () => ({ input: { workflowId: globalId('Workflow', (await createWorkflow(t.db.base, orgId)).id), input: { a: 1 } } }),
  GetExecution: async () => ({ id: globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, orgId))).id) }),
  CancelExecution: async () => ({ input: { executionId: globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, orgId))).id) } }),
  ReportExecution: async () => ({ input: { executionId: globalId('Execution', (await createExecution(t.db.base, await createWorkflow(t.db.base, orgId))).id), status: 'RUNNING' } }),
  QueuedExecutions: async () => ({ first: 5 }),
  SortedWorkflows: async () => ({ first: 5, orderBy: ['NAME_ASC'], filter: { status: { in: ['ACTIVE', 'DRAFT'] } } }),
  SortedExecutions: async () => ({ first: 5, orderBy: ['FINISHED_AT_DESC'], filter: { status: { in: ['FAILED', 'CANCELLED'] }, createdAt: { gte: '2026-01-01T00:00:00Z' } } }),
  WorkflowRuns: async () => ({ id: globalId('Workflow', (await createWorkflow(t.db.base, orgId)).id), orderBy: ['FINISHED_AT_DESC'], filter: { status: { eq: 'SUCCEEDED' } } }),
  AuditTrail: async () => ({ first: 5, filter: { resourceType: { in: ['workflow'] }, createdAt: { gte: '2026-01-01T00:00:00Z' } } }),
};

/** Subscriptions run over WebSocket only: tests/subscriptions and tests/worker run those over the socket. */
const httpOperations = manifest.operations.filter((operation) => operation.type !== 'subscription');

describe('trusted documents', () => {
  it.each(httpOperations)('an API key runs $name by documentId', async (operation) => {
    const variables = VARIABLES[operation.name];
    expect(variables).toBeDefined();
    const byId = await call({ documentId: operation.id, variables: await variables() });
    expect(byId.body.errors).toBeUndefined();
    expect(Object.values(byId.body.data ?? {})[0]).not.toBeNull();
  });

  it('also accepts the id as an APQ hash, and by GET for queries', async () => {
    const list = manifest.operations.find((operation) => operation.name === 'ListWorkflows')!;
    const byHash = await call({ extensions: { persistedQuery: { version: 1, sha256Hash: list.id } } });
    expect(byHash.body.data?.organization.workflows).toBeDefined();
    const get = await fetch(`${t.server.url}?documentId=${list.id}`, { headers: { authorization: `ApiKey ${key}`, 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as any).data.organization.workflows).toBeDefined();
  });

  it('refuses query text from an API key, even a harmless one, but not from a person', async () => {
    const text = await call({ query: '{ organization { name } }' });
    expect(text.status).toBe(400);
    expect(errorCodes(text as never)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    const viaHeader = await call({ query: '{ __typename }' }, { 'x-api-key': key });
    expect(errorCodes(viaHeader as never)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    const person = (await createMember(t.db.base, orgId, 'VIEWER')).user.id;
    const free = await t.gql('{ organization { id } }', { as: person, org: orgId });
    expect(free.body.errors).toBeUndefined();
  });

  it('answers an unknown documentId with PERSISTED_QUERY_NOT_FOUND', async () => {
    const unknown = await call({ documentId: 'a'.repeat(64) });
    expect(errorCodes(unknown as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('operations registered with the CLI', () => {
  // Several processes share one database here, so this uses a scratch PostgreSQL database.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dir: string;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'flowgate-ops-'));
  });
  afterAll(async () => {
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('become runnable on a gateway that is already running, without a restart', async () => {
    const env = { DATABASE_URL: scratch.url, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'info' };
    expect((await runTsx('src/cli/migrate.ts', [], env)).code).toBe(0);
    const db = await openDatabase(loadConfig(env).database);
    const org = await createOrganization(db.base);
    const { key: partnerKey } = await createApiKey(db.base, org.id, { scopes: ['workflows:read'] });
    await db.close();

    const body = 'query PartnerOrganizationName {\n  organization {\n    name\n  }\n}';
    const id = createHash('sha256').update(body).digest('hex');
    const file = path.join(dir, 'manifest.json');
    await writeFile(file, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id, name: 'PartnerOrganizationName', type: 'query', body }] }));

    const gateway = await startGatewayProcess(env);
    try {
      const before = await call({ documentId: id }, { authorization: `ApiKey ${partnerKey}` }, gateway.url);
      expect(errorCodes(before as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const registered = await runTsx('src/cli/flowgate.ts', ['operations', 'register', file], env);
      expect(registered).toMatchObject({ code: 0, stdout: expect.stringContaining('registered 1 new operation') });
      const after = await call({ documentId: id }, { authorization: `ApiKey ${partnerKey}` }, gateway.url);
      expect(after.body).toEqual({ data: { organization: { name: org.name } } });
      const listed = await runTsx('src/cli/flowgate.ts', ['operations', 'list'], env);
      expect(listed.stdout).toContain(id);
    } finally {
      await gateway.stop();
    }
  });

  it('refuses a manifest whose id is not its body’s hash, or whose operation the schema cannot run', async () => {
    const env = { DATABASE_URL: scratch.url, JWT_SECRET: 'x'.repeat(40) };
    const file = path.join(dir, 'bad.json');
    const body = '{ noSuchField }';
    await writeFile(file, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [
      { id: 'b'.repeat(64), name: 'WrongId', type: 'query', body: '{ __typename }' },
      { id: createHash('sha256').update(body).digest('hex'), name: 'Invalid', type: 'query', body },
    ] }));
    const result = await runTsx('src/cli/flowgate.ts', ['operations', 'register', file], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WrongId: id is not the SHA-256 of its body');
    expect(result.stderr).toContain('Invalid: Cannot query field "noSuchField"');
  });

  it('are checked, with the shipped ones, against the schema of the build about to run (operations check)', async () => {
    const env = { DATABASE_URL: scratch.url, JWT_SECRET: 'x'.repeat(40) };
    expect((await runTsx('src/cli/migrate.ts', [], env)).code).toBe(0);
    const passing = await runTsx('src/cli/flowgate.ts', ['operations', 'check'], env);
    expect(passing).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`\\d+ trusted operations \\(${manifest.operations.length} shipped, \\d+ registered\\) validate`)) });
    // As if a field a registered operation reads had been removed since it was registered.
    const body = '{ organization { retiredField } }';
    const db = await openDatabase(loadConfig(env).database);
    await db.base.persistedOperation.create({ data: { id: createHash('sha256').update(body).digest('hex'), name: 'UsesRetiredField', type: 'query', body } });
    await db.close();
    const failing = await runTsx('src/cli/flowgate.ts', ['operations', 'check'], env);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('UsesRetiredField: Cannot query field "retiredField"');
  });
});
