import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganization, createMember, createWorkflow, globalId } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { at, seedLists, type ListFixture } from './list-fixture.js';

/**
 * Each filter of each list narrows the page and its totalCount to the rows a client would pick by
 * hand; ids of another organization inside a filter match nothing; cursors only continue the
 * ordering and filter they came from; the deprecated plain arguments still answer as before.
 */

let t: TestServer;
let fx: ListFixture;
let otherWorkflowId: string;
let otherUserId: string;

beforeAll(async () => {
  t = await startTestServer();
  fx = await seedLists(t);
  const other = await createOrganization(t.db.base);
  otherUserId = (await createMember(t.db.base, other.id, 'OWNER')).user.id;
  otherWorkflowId = (await createWorkflow(t.db.base, other.id)).id;
});
afterAll(() => t.stop());

const list = (selection: string) => t.gql(`{ organization { ${selection} } }`, { as: fx.owner, org: fx.orgId });

/** The ids and totalCount of `organization { <field>(<args>) }`, newest/default order. */
async function ids(field: string, args: string) {
  const response = await list(`${field}(first: 100, ${args}) { totalCount edges { node { id } } }`);
  expect(response.body.errors).toBeUndefined();
  const page = response.body.data!.organization[field];
  return { totalCount: page.totalCount, ids: page.edges.map((edge: any) => edge.node.id).sort() };
}

const expected = (typename: string, rows: Array<{ id: string }>) => ({ totalCount: rows.length, ids: rows.map((row) => globalId(typename, row.id)).sort() });

describe('filters', () => {
  const db = () => t.db.base;
  const tenant = () => ({ organizationId: fx.orgId });

  it('narrow executions by status, trigger, workflow and time (the issue’s “failed in the last day”)', async () => {
    const failed = await db().workflowExecution.findMany({ where: { ...tenant(), status: { in: ['FAILED', 'CANCELLED'] }, createdAt: { gte: at(11) } } });
    expect(failed.length).toBeGreaterThan(0);
    expect(await ids('executions', `filter: { status: { in: [FAILED, CANCELLED] }, createdAt: { gte: "${at(11).toISOString()}" } }`)).toEqual(expected('Execution', failed));
    const api = await db().workflowExecution.findMany({ where: { ...tenant(), trigger: 'API' } });
    expect(await ids('executions', 'filter: { trigger: { eq: API } }')).toEqual(expected('Execution', api));
    const ofOne = await db().workflowExecution.findMany({ where: { ...tenant(), workflowId: fx.workflowIds[1] } });
    expect(await ids('executions', `filter: { workflowId: { in: ["${globalId('Workflow', fx.workflowIds[1])}"] } }`)).toEqual(expected('Execution', ofOne));
    const finished = await db().workflowExecution.findMany({ where: { ...tenant(), finishedAt: { gt: at(30), lte: at(32) } } });
    expect(await ids('executions', `filter: { finishedAt: { gt: "${at(30).toISOString()}", lte: "${at(32).toISOString()}" } }`)).toEqual(expected('Execution', finished));
  });

  it('narrow one workflow’s runs and versions', async () => {
    const response = await t.gql(
      `query($id: ID!) { workflow(id: $id) {
        failed: executions(filter: { status: { eq: FAILED } }) { totalCount }
        early: executions(filter: { createdAt: { lt: "${at(12).toISOString()}" } }) { totalCount }
        versions(filter: { createdAt: { gte: "${at(3).toISOString()}" } }) { totalCount }
        none: versions(filter: { createdAt: { gt: "${at(3).toISOString()}" } }) { totalCount } } }`,
      { as: fx.owner, org: fx.orgId, variables: { id: globalId('Workflow', fx.workflowIds[0]) } },
    );
    expect(response.body.errors).toBeUndefined();
    const where = { ...tenant(), workflowId: fx.workflowIds[0] };
    expect(response.body.data!.workflow).toEqual({
      failed: { totalCount: await db().workflowExecution.count({ where: { ...where, status: 'FAILED' } }) },
      early: { totalCount: await db().workflowExecution.count({ where: { ...where, createdAt: { lt: at(12) } } }) },
      versions: { totalCount: 5 },
      none: { totalCount: 0 },
    });
  });

  it('narrow workflows, members, integrations, API keys and the audit log', async () => {
    const drafts = await db().workflow.findMany({ where: { ...tenant(), status: { in: ['DRAFT', 'ARCHIVED'] } } });
    expect(await ids('workflows', 'filter: { status: { in: [DRAFT, ARCHIVED] } }')).toEqual(expected('Workflow', drafts));
    const named = await db().workflow.findMany({ where: { ...tenant(), name: { contains: 'BH', mode: 'insensitive' } } });
    expect(named.length).toBeGreaterThan(0);
    expect(await ids('workflows', 'filter: { search: "BH" }')).toEqual(expected('Workflow', named));
    const editors = await db().organizationMember.findMany({ where: { ...tenant(), role: { in: ['EDITOR', 'VIEWER'] }, createdAt: { lte: at(0) } } });
    expect(await ids('members', `filter: { role: { in: [EDITOR, VIEWER] }, createdAt: { lte: "${at(0).toISOString()}" } }`)).toEqual(expected('Member', editors));
    const github = await db().integration.findMany({ where: { ...tenant(), provider: 'github', isActive: true } });
    expect(await ids('integrations', 'filter: { provider: { in: ["github"] } }')).toEqual(expected('Integration', github));
    const revoked = await db().apiKey.findMany({ where: { ...tenant(), revokedAt: { not: null } } });
    expect(await ids('apiKeys', 'filter: { revoked: true }')).toEqual(expected('ApiKey', revoked));
    const byOwner = await db().auditLogEntry.findMany({ where: { ...tenant(), actorUserId: fx.owner } });
    expect(byOwner.length).toBeGreaterThan(0);
    expect(await ids('auditLog', `filter: { actorUserId: { eq: "${globalId('User', fx.owner)}" } }`)).toEqual(expected('AuditLogEntry', byOwner));
    const resource = await db().auditLogEntry.findMany({ where: { ...tenant(), resourceType: 'member', resourceId: fx.workflowIds[0], createdAt: { gte: at(20), lt: at(22) } } });
    expect(resource.length).toBeGreaterThan(0);
    const resourceFilter = `filter: { resourceType: { eq: "member" }, resourceId: { in: ["${fx.workflowIds[0]}"] }, createdAt: { gte: "${at(20).toISOString()}", lt: "${at(22).toISOString()}" } }`;
    expect(await ids('auditLog', resourceFilter)).toEqual(expected('AuditLogEntry', resource));
  });

  it('match nothing for another organization’s ids, or ids of another type', async () => {
    const none = { totalCount: 0, ids: [] };
    expect(await ids('executions', `filter: { workflowId: { eq: "${globalId('Workflow', otherWorkflowId)}" } }`)).toEqual(none);
    expect(await ids('executions', `filter: { workflowId: { in: ["${globalId('Workflow', otherWorkflowId)}", "${globalId('Member', fx.workflowIds[0])}"] } }`)).toEqual(none);
    expect(await ids('auditLog', `filter: { actorUserId: { eq: "${globalId('User', otherUserId)}" } }`)).toEqual(none);
    expect(await ids('executions', 'filter: { status: { in: [] } }')).toEqual(none);
  });

  it('refuse a malformed id and an oversized list, naming the field', async () => {
    const malformed = await list('executions(filter: { workflowId: { eq: "nope" } }) { totalCount }');
    expect(malformed.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.workflowId' });
    const statuses = Array.from({ length: 101 }, () => 'FAILED').join(', ');
    const oversized = await list(`executions(filter: { status: { in: [${statuses}] } }) { totalCount }`);
    expect(oversized.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status.in' });
  });
});

describe('orderBy and cursors', () => {
  const PAGE = `query($after: String, $orderBy: [ExecutionOrder!], $filter: ExecutionFilter) { organization {
    executions(first: 2, after: $after, orderBy: $orderBy, filter: $filter) { pageInfo { endCursor } edges { cursor node { id } } } } }`;
  const page = (variables: Record<string, unknown>) => t.gql(PAGE, { as: fx.owner, org: fx.orgId, variables });

  it('refuse an ordering no index serves, saying which are offered', async () => {
    for (const orderBy of [['STATUS_ASC'], ['STATUS_ASC', 'CREATED_AT_ASC'], ['CREATED_AT_DESC', 'FINISHED_AT_DESC']]) {
      const response = await page({ orderBy });
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy' });
      expect(response.body.errors?.[0].message).toContain('[STATUS_ASC, CREATED_AT_DESC]');
    }
  });

  it('continue only the ordering and filter a cursor came from', async () => {
    const first = await page({ orderBy: ['FINISHED_AT_DESC'], filter: { status: { in: ['FAILED'] } } });
    const cursor = first.body.data!.organization.executions.pageInfo.endCursor;
    const same = await page({ after: cursor, orderBy: ['FINISHED_AT_DESC'], filter: { status: { in: ['FAILED'] } } });
    expect(same.body.errors).toBeUndefined();
    for (const other of [{ orderBy: ['CREATED_AT_DESC'], filter: { status: { in: ['FAILED'] } } }, { orderBy: ['FINISHED_AT_DESC'] }, { orderBy: ['FINISHED_AT_ASC'], filter: { status: { in: ['FAILED'] } } }]) {
      const response = await page({ after: cursor, ...other });
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(response.body.errors?.[0].message).toContain('another ordering or filter');
    }
  });

  it('treat no orderBy as the default ordering, and a null filter as none', async () => {
    const first = await page({});
    const cursor = first.body.data!.organization.executions.pageInfo.endCursor;
    const explicit = await page({ after: cursor, orderBy: ['CREATED_AT_DESC'], filter: null });
    expect(explicit.body.errors).toBeUndefined();
    const implicit = await page({ after: cursor });
    expect(explicit.body.data).toEqual(implicit.body.data);
  });

  it('end the list at a cursor naming another organization’s row', async () => {
    const other = await createOrganization(t.db.base);
    const otherOwner = (await createMember(t.db.base, other.id, 'OWNER')).user.id;
    const otherWorkflow = await createWorkflow(t.db.base, other.id);
    await t.db.base.workflowExecution.create({ data: { organizationId: other.id, workflowId: otherWorkflow.id, versionId: otherWorkflow.currentVersionId!, trigger: 'MANUAL' } });
    const theirs = await t.gql(PAGE, { as: otherOwner, org: other.id, variables: {} });
    const cursor = theirs.body.data!.organization.executions.edges[0].cursor;
    const ours = await page({ after: cursor });
    expect(ours.body).toEqual({ data: { organization: { executions: { pageInfo: { endCursor: null }, edges: [] } } } });
  });
});

describe('the deprecated plain arguments', () => {
  it('still narrow as their filter equivalents do', async () => {
    const pairs: Array<[string, string, string]> = [
      ['workflows', 'status: ACTIVE', 'filter: { status: { eq: ACTIVE } }'],
      ['workflows', 'search: "bh"', 'filter: { search: "bh" }'],
      ['executions', 'status: FAILED', 'filter: { status: { eq: FAILED } }'],
      ['executions', `workflowId: "${globalId('Workflow', fx.workflowIds[1])}"`, `filter: { workflowId: { eq: "${globalId('Workflow', fx.workflowIds[1])}" } }`],
      ['members', 'role: VIEWER', 'filter: { role: { eq: VIEWER } }'],
      ['integrations', 'provider: "slack"', 'filter: { provider: { eq: "slack" } }'],
      ['apiKeys', 'includeRevoked: true', 'filter: { createdAt: { gte: "2000-01-01T00:00:00Z" } }, includeRevoked: true'],
    ];
    for (const [field, plain, filter] of pairs) {
      const [old, current] = [await ids(field, plain), await ids(field, filter)];
      expect({ field, plain, ...old }).toEqual({ field, plain, ...current });
      expect(old.totalCount).toBeGreaterThan(0);
    }
    expect((await ids('apiKeys', 'includeRevoked: true')).totalCount).toBe((await ids('apiKeys', '')).totalCount + 1);
    expect((await ids('apiKeys', 'includeRevoked: false, filter: { revoked: true }')).totalCount).toBe(1);
  });

  it('are marked deprecated with a reason in the schema', async () => {
    const response = await t.gql(`{ __type(name: "Organization") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }`, { as: fx.owner, org: fx.orgId });
    const args = response.body.data!.__type.fields.flatMap((field: any) => field.args.map((arg: any) => ({ ...arg, name: `${field.name}.${arg.name}` })));
    const deprecated = args.filter((arg: any) => arg.isDeprecated);
    expect(deprecated.map((arg: any) => arg.name).sort()).toEqual(
      ['apiKeys.includeRevoked', 'executions.status', 'executions.workflowId', 'integrations.provider', 'members.role', 'workflows.search', 'workflows.status'].sort(),
    );
    for (const arg of deprecated) expect(arg.deprecationReason).toMatch(/^Use `filter: /);
  });
});
