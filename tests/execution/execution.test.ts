import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createExecution, createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { errorCodes, partnerOperation, startTestServer, type TestServer } from '../support/server.js';

const RUN = `mutation($input: RunWorkflowInput!) { runWorkflow(input: $input) { execution { id status trigger input triggeredBy { __typename } version { version } } } }`;
const REPORT = partnerOperation('ReportExecution');
const CANCEL = `mutation($input: CancelExecutionInput!) { cancelExecution(input: $input) { execution { id status finishedAt } } }`;

let t: TestServer;
let orgId: string;
let editor: string;
let worker: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  editor = (await createMember(t.db.base, org.id, 'EDITOR')).user.id;
  worker = (await createApiKey(t.db.base, org.id, { scopes: ['executions:report', 'executions:read'] })).key;
});
afterAll(() => t.stop());

async function activeWorkflow() {
  const workflow = await createWorkflow(t.db.base, orgId, { versions: 2 });
  return { workflow, id: globalId('Workflow', workflow.id) };
}

describe('runWorkflow', () => {
  it('queues an execution of the current version, triggered by the caller', async () => {
    const { id } = await activeWorkflow();
    const res = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, input: { customer: 42 } } } });
    expect(res.body.data!.runWorkflow.execution).toMatchObject({ status: 'QUEUED', trigger: 'MANUAL', input: { customer: 42 }, triggeredBy: { __typename: 'User' }, version: { version: 2 } });
  });

  it('creates one execution for 20 concurrent calls with one idempotency key, and all get it', async () => {
    const { workflow, id } = await activeWorkflow();
    const idempotencyKey = unique('retry');
    const calls = await Promise.all(
      Array.from({ length: 20 }, () => t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, idempotencyKey } } })),
    );
    expect(calls.flatMap(errorCodes)).toEqual([]);
    expect(new Set(calls.map((call) => call.body.data!.runWorkflow.execution.id)).size).toBe(1);
    expect(await t.db.base.workflowExecution.count({ where: { workflowId: workflow.id } })).toBe(1);
    expect(await t.db.base.auditLogEntry.count({ where: { organizationId: orgId, action: 'workflow.run', metadata: { path: ['idempotencyKey'], equals: idempotencyKey } } })).toBe(1);
  });

  it('refuses to reuse an idempotency key for another workflow', async () => {
    const [a, b] = [await activeWorkflow(), await activeWorkflow()];
    const idempotencyKey = unique('key');
    await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: a.id, idempotencyKey } } });
    const other = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: b.id, idempotencyKey } } });
    expect(errorCodes(other)).toEqual(['CONFLICT']);
  });

  it('returns the first execution to a retry even after the workflow stopped being ACTIVE', async () => {
    const { workflow, id } = await activeWorkflow();
    const idempotencyKey = unique('late-retry');
    const first = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, idempotencyKey } } });
    await t.db.base.workflow.update({ where: { id: workflow.id }, data: { status: 'ARCHIVED' } });
    const retry = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, idempotencyKey } } });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data!.runWorkflow.execution.id).toBe(first.body.data!.runWorkflow.execution.id);
    const fresh = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, idempotencyKey: unique('new') } } });
    expect(errorCodes(fresh)).toEqual(['CONFLICT']);
  });

  it('runs only ACTIVE workflows', async () => {
    const refused: string[] = [];
    for (const status of ['DRAFT', 'ARCHIVED'] as const) {
      const workflow = await createWorkflow(t.db.base, orgId, { status });
      refused.push(workflow.id);
      const res = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: globalId('Workflow', workflow.id) } } });
      expect(errorCodes(res)).toEqual(['CONFLICT']);
    }
    expect(await t.db.base.workflowExecution.count({ where: { workflowId: { in: refused } } })).toBe(0);
  });

  it('validates input, idempotency key and ids', async () => {
    const { id } = await activeWorkflow();
    const notObject = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, input: [1] } } });
    expect(notObject.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    const badKey = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: id, idempotencyKey: 'has spaces' } } });
    expect(badKey.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const badId = await t.gql(RUN, { as: editor, org: orgId, variables: { input: { workflowId: 'not-an-id' } } });
    expect(badId.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workflowId' });
  });
});

describe('the execution state machine', () => {
  async function queued() {
    const { workflow } = await activeWorkflow();
    const execution = await createExecution(t.db.base, workflow);
    return globalId('Execution', execution.id);
  }

  it('moves QUEUED → RUNNING → SUCCEEDED with timestamps, output and duration', async () => {
    const executionId = await queued();
    const running = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'RUNNING' } } });
    expect(running.body.data!.reportExecution.execution).toMatchObject({ status: 'RUNNING', startedAt: expect.any(String), finishedAt: null });
    const done = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'SUCCEEDED', output: { sent: 3 } } } });
    expect(done.body.data!.reportExecution.execution).toMatchObject({ status: 'SUCCEEDED', finishedAt: expect.any(String) });
    const read = await t.gql(`query($id: ID!) { execution(id: $id) { output durationMs } }`, { as: editor, org: orgId, variables: { id: executionId } });
    expect(read.body.data!.execution.output).toEqual({ sent: 3 });
    expect(read.body.data!.execution.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps any JSON output exactly, a bare number to its last digit included', async () => {
    // Doubles that need 17 significant digits: a store that rounds to 16 returns different numbers.
    for (const output of [0.30000000000000004, -1.0000114701218088e72, 1.3426077328974293e-216, [0.30000000000000004], 'text', true]) {
      const executionId = await queued();
      await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'RUNNING' } } });
      const done = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'SUCCEEDED', output } } });
      expect(done.body.errors).toBeUndefined();
      const read = await t.gql(`query($id: ID!) { execution(id: $id) { output } }`, { as: editor, org: orgId, variables: { id: executionId } });
      expect(read.body.data!.execution.output).toEqual(output);
    }
  });

  it('refuses illegal transitions with CONFLICT and changes nothing', async () => {
    const executionId = await queued();
    const skip = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'SUCCEEDED' } } });
    expect(errorCodes(skip)).toEqual(['CONFLICT']);
    expect(skip.body.errors?.[0].extensions?.currentStatus).toBe('QUEUED');
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'RUNNING' } } });
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'FAILED', error: 'boom' } } });
    for (const status of ['RUNNING', 'SUCCEEDED', 'CANCELLED', 'QUEUED']) {
      const again = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status } } });
      expect(errorCodes(again)).toEqual(['CONFLICT']);
    }
  });

  it('lets only one of two racing reports win', async () => {
    const executionId = await queued();
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'RUNNING' } } });
    const [a, b] = await Promise.all(
      ['SUCCEEDED', 'FAILED'].map((status) => t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status } } })),
    );
    expect([...errorCodes(a), ...errorCodes(b)]).toEqual(['CONFLICT']);
  });

  it('cancels queued and running executions, not finished ones', async () => {
    const executionId = await queued();
    const cancelled = await t.gql(CANCEL, { as: editor, org: orgId, variables: { input: { executionId } } });
    expect(cancelled.body.data!.cancelExecution.execution).toMatchObject({ status: 'CANCELLED', finishedAt: expect.any(String) });
    const twice = await t.gql(CANCEL, { as: editor, org: orgId, variables: { input: { executionId } } });
    expect(errorCodes(twice)).toEqual(['CONFLICT']);

    const running = await queued();
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId: running, status: 'RUNNING' } } });
    const stopped = await t.gql(CANCEL, { as: editor, org: orgId, variables: { input: { executionId: running } } });
    expect(stopped.body.data!.cancelExecution.execution).toMatchObject({ status: 'CANCELLED', finishedAt: expect.any(String) });

    const reportedCancel = await queued();
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId: reportedCancel, status: 'RUNNING' } } });
    const byWorker = await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId: reportedCancel, status: 'CANCELLED' } } });
    expect(byWorker.body.data!.reportExecution.execution).toMatchObject({ status: 'CANCELLED' });
  });

  it('keeps the error a worker reports with FAILED', async () => {
    const executionId = await queued();
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'RUNNING' } } });
    await t.gql(REPORT, { apiKey: worker, variables: { input: { executionId, status: 'FAILED', error: 'SMTP 550: mailbox unavailable' } } });
    const read = await t.gql(`query($id: ID!) { execution(id: $id) { status error finishedAt } }`, { as: editor, org: orgId, variables: { id: executionId } });
    expect(read.body.data!.execution).toEqual({ status: 'FAILED', error: 'SMTP 550: mailbox unavailable', finishedAt: expect.any(String) });
  });

  it('accepts reports only from API keys with executions:report', async () => {
    const executionId = await queued();
    const person = await t.gql(REPORT, { as: editor, org: orgId, variables: { input: { executionId, status: 'RUNNING' } } });
    expect(errorCodes(person)).toEqual(['FORBIDDEN']);
    const { key } = await createApiKey(t.db.base, orgId, { scopes: ['executions:write', 'executions:read'] });
    const wrongScope = await t.gql(REPORT, { apiKey: key, variables: { input: { executionId, status: 'RUNNING' } } });
    expect(errorCodes(wrongScope)).toEqual(['FORBIDDEN']);
  });
});

describe('reading executions', () => {
  it('filters the organization’s executions by status and workflow, newest first', async () => {
    const org = await createOrganization(t.db.base);
    const viewer = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
    const [w1, w2] = [await createWorkflow(t.db.base, org.id), await createWorkflow(t.db.base, org.id)];
    await createExecution(t.db.base, w1, { status: 'FAILED', createdAt: new Date(Date.now() - 3000) });
    await createExecution(t.db.base, w1, { status: 'SUCCEEDED', createdAt: new Date(Date.now() - 2000) });
    await createExecution(t.db.base, w2, { status: 'FAILED', createdAt: new Date(Date.now() - 1000) });
    const query = `query($status: ExecutionStatus, $workflowId: ID) { organization { executions(first: 10, status: $status, workflowId: $workflowId) { totalCount edges { node { status workflow { name } } } } } }`;
    const failed = await t.gql(query, { as: viewer, org: org.slug, variables: { status: 'FAILED' } });
    expect(failed.body.data!.organization.executions.edges.map((e: any) => e.node.workflow.name)).toEqual([w2.name, w1.name]);
    const ofW1 = await t.gql(query, { as: viewer, org: org.slug, variables: { workflowId: globalId('Workflow', w1.id) } });
    expect(ofW1.body.data!.organization.executions.totalCount).toBe(2);
    const single = await t.gql(`query($id: ID!) { workflow(id: $id) { lastExecution { status } executionCount executions(first: 1) { totalCount } } }`, {
      as: viewer, org: org.slug, variables: { id: globalId('Workflow', w1.id) },
    });
    expect(single.body.data!.workflow).toEqual({ lastExecution: { status: 'SUCCEEDED' }, executionCount: 2, executions: { totalCount: 2 } });

    const page = `query($last: Int, $before: String) { organization { executions(last: $last, before: $before) { edges { cursor node { status workflow { name } } } pageInfo { hasPreviousPage hasNextPage } } } }`;
    const tail = await t.gql(page, { as: viewer, org: org.slug, variables: { last: 2 } });
    const tailPage = tail.body.data!.organization.executions;
    expect(tailPage.edges.map((e: any) => e.node.status)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(tailPage.pageInfo.hasPreviousPage).toBe(true);
    const before = await t.gql(page, { as: viewer, org: org.slug, variables: { last: 2, before: tailPage.edges[0].cursor } });
    expect(before.body.data!.organization.executions.edges.map((e: any) => e.node.workflow.name)).toEqual([w2.name]);
    const tooMany = await t.gql(page, { as: viewer, org: org.slug, variables: { last: 101 } });
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });
});
