import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { offeredLists } from '../../src/modules/lists/offered-lists.js';
import { orderingLabel, type ListContract, type OfferedOrdering } from '../../src/modules/lists/list-contract.js';
import { createApiKey, createExecution, createIntegration, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Every ordering each connection offers (read from the schema, so a new one is covered here at
 * once), both ways round, paged forwards with first/after and backwards with last/before in pages
 * smaller than the runs of equal sort keys: the pages join up to exactly the order the database
 * keeps, with the id breaking ties, and no row is skipped or repeated.
 */

let t: TestServer;
let orgId: string;
let owner: string;
let workflowIds: string[] = [];

const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const WORKFLOW_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'];
const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'];

/** Names that sort alike under any collation: lowercase letters only, of one length. */
const letters = (n: number) => String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + ((n * 7) % 26)) + 'flow';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

beforeAll(async () => {
  t = await startTestServer();
  const db = t.db.base;
  const org = await createOrganization(db);
  orgId = org.id;
  owner = (await createMember(db, orgId, 'OWNER')).user.id;
  for (const role of ['ADMIN', 'EDITOR', 'VIEWER', 'VIEWER', 'EDITOR'] as const) await createMember(db, orgId, role);
  // Runs of equal sort keys: members joined in two instants.
  const members = await db.organizationMember.findMany({ where: { organizationId: orgId }, orderBy: { id: 'asc' } });
  for (const [index, member] of members.entries()) await db.organizationMember.update({ where: { id: member.id }, data: { createdAt: at(index % 2) } });

  const statuses = ['DRAFT', 'ACTIVE', 'ACTIVE', 'ARCHIVED', 'ACTIVE', 'DRAFT'] as const;
  const workflows = [];
  for (const [index, status] of statuses.entries()) workflows.push(await createWorkflow(db, orgId, { name: letters(index), status, versions: index === 0 ? 5 : 1 }));
  workflowIds = workflows.map((workflow) => workflow.id);
  // One statement per group: the updatedAt trigger stamps each group with one instant.
  await db.workflow.updateMany({ where: { id: { in: workflowIds.slice(0, 3) } }, data: { description: 'first group' } });
  await db.workflow.updateMany({ where: { id: { in: workflowIds.slice(3) } }, data: { description: 'second group' } });
  await db.workflowVersion.updateMany({ where: { workflowId: workflowIds[0] }, data: { createdAt: at(3) } });

  const executionStatuses = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'FAILED', 'SUCCEEDED', 'FAILED', 'QUEUED', 'CANCELLED', 'SUCCEEDED', 'FAILED'] as const;
  for (const [index, status] of executionStatuses.entries()) {
    const execution = await createExecution(db, workflows[index % 2], { status, createdAt: at(10 + (index % 4)) });
    const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status);
    await db.workflowExecution.update({
      where: { id: execution.id },
      data: { finishedAt: finished ? at(30 + (index % 3)) : null, trigger: index % 3 === 0 ? 'API' : 'MANUAL' },
    });
  }

  for (let n = 0; n < 5; n += 1) {
    const integration = await createIntegration(db, orgId, { provider: n % 2 ? 'slack' : 'github', name: letters(n) });
    await db.integration.update({ where: { id: integration.id }, data: { createdAt: at(40 + (n % 2)) } });
  }
  for (let n = 0; n < 6; n += 1) {
    const { apiKey } = await createApiKey(db, orgId, { revokedAt: n === 5 ? at(50) : undefined });
    await db.apiKey.update({ where: { id: apiKey.id }, data: { createdAt: at(45 + (n % 2)) } });
  }
  for (let n = 0; n < 7; n += 1) {
    await db.auditLogEntry.create({
      data: { organizationId: orgId, actorUserId: n % 2 ? owner : null, action: 'workflow.update', resourceType: n % 3 ? 'workflow' : 'member', resourceId: workflowIds[n % 3], createdAt: at(20 + (n % 3)) },
    });
  }
});
afterAll(() => t.stop());

interface ListSource {
  /** The GraphQL type name of the nodes, for their global ids. */
  typename: string;
  /** Where the list sits: `organization { <field> }` or `workflow(id:) { <field> }`. */
  wrap: (field: string) => string;
  pick: (data: any) => any;
  rows: () => Promise<Array<Record<string, unknown> & { id: string }>>;
  enumOrder?: Record<string, string[]>;
}

const onOrganization = (field: string) => `organization { ${field} }`;
const onWorkflow = (field: string) => `workflow(id: $parent) { ${field} }`;

const SOURCES: Record<string, ListSource> = {
  'Organization.workflows': {
    typename: 'Workflow',
    wrap: onOrganization,
    pick: (data) => data.organization.workflows,
    rows: () => t.db.base.workflow.findMany({ where: { organizationId: orgId } }),
    enumOrder: { status: WORKFLOW_STATUSES },
  },
  'Organization.executions': {
    typename: 'Execution',
    wrap: onOrganization,
    pick: (data) => data.organization.executions,
    rows: () => t.db.base.workflowExecution.findMany({ where: { organizationId: orgId } }),
    enumOrder: { status: EXECUTION_STATUSES },
  },
  'Workflow.executions': {
    typename: 'Execution',
    wrap: onWorkflow,
    pick: (data) => data.workflow.executions,
    rows: () => t.db.base.workflowExecution.findMany({ where: { organizationId: orgId, workflowId: workflowIds[0] } }),
    enumOrder: { status: EXECUTION_STATUSES },
  },
  'Workflow.versions': {
    typename: 'WorkflowVersion',
    wrap: onWorkflow,
    pick: (data) => data.workflow.versions,
    rows: () => t.db.base.workflowVersion.findMany({ where: { organizationId: orgId, workflowId: workflowIds[0] } }),
  },
  'Organization.members': {
    typename: 'Member',
    wrap: onOrganization,
    pick: (data) => data.organization.members,
    rows: () => t.db.base.organizationMember.findMany({ where: { organizationId: orgId } }),
    enumOrder: { role: ROLES },
  },
  'Organization.integrations': {
    typename: 'Integration',
    wrap: onOrganization,
    pick: (data) => data.organization.integrations,
    rows: () => t.db.base.integration.findMany({ where: { organizationId: orgId, isActive: true } }),
  },
  'Organization.apiKeys': {
    typename: 'ApiKey',
    wrap: onOrganization,
    pick: (data) => data.organization.apiKeys,
    rows: () => t.db.base.apiKey.findMany({ where: { organizationId: orgId, revokedAt: null } }),
  },
  'Organization.auditLog': {
    typename: 'AuditLogEntry',
    wrap: onOrganization,
    pick: (data) => data.organization.auditLog,
    rows: () => t.db.base.auditLogEntry.findMany({ where: { organizationId: orgId } }),
  },
};

function listQuery(source: ListSource, field: string, orderType: string) {
  const name = field.split('.')[1];
  const inner = `${name}(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage } edges { cursor node { id } } }`;
  const parent = source.wrap === onWorkflow ? '$parent: ID!, ' : '';
  return `query(${parent}$first: Int, $after: String, $last: Int, $before: String, $orderBy: [${orderType}!]) { ${source.wrap(inner)} }`;
}

/** PostgreSQL's order: ascending puts nulls last, descending first; enums in declaration order. */
function compareBy(column: string, descending: boolean, enumOrder?: string[]) {
  const rank = (value: unknown) => (value == null ? Infinity : enumOrder ? enumOrder.indexOf(value as string) : value instanceof Date ? value.getTime() : value);
  return (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const [x, y] = [rank(a[column]), rank(b[column])];
    const order = x === y ? 0 : (x as number) < (y as number) ? -1 : 1;
    return descending ? -order : order;
  };
}

function expectedOrder(rows: Array<Record<string, unknown> & { id: string }>, contract: ListContract, values: string[], source: ListSource) {
  const parts = values.map((value) => ({ key: value.replace(/_(ASC|DESC)$/, ''), descending: value.endsWith('_DESC') }));
  const comparisons = parts.map(({ key, descending }) => {
    const column = contract.keys[key].column;
    return compareBy(column, descending, source.enumOrder?.[column]);
  });
  comparisons.push(compareBy('id', parts[parts.length - 1].descending));
  return [...rows].sort((a, b) => comparisons.reduce((result, compare) => result || compare(a, b), 0)).map((row) => row.id);
}

async function walk(query: string, source: ListSource, orderBy: string[], backwards: boolean) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const variables = backwards ? { last: 2, before: cursor, orderBy } : { first: 2, after: cursor, orderBy };
    const parent = source.wrap === onWorkflow ? { parent: globalId('Workflow', workflowIds[0]) } : {};
    const response = await t.gql(query, { as: owner, org: orgId, variables: { ...variables, ...parent } });
    expect(response.body.errors).toBeUndefined();
    const page = source.pick(response.body.data);
    const pageIds = page.edges.map((edge: any) => edge.node.id);
    if (backwards) ids.unshift(...pageIds);
    else ids.push(...pageIds);
    const more = backwards ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return { ids, totalCount: page.totalCount };
    cursor = backwards ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('the list did not end');
}

const reversedValues = (ordering: OfferedOrdering) =>
  ordering.keys.map((key, index) => `${key}_${ordering.directions[index] === 'desc' ? 'ASC' : 'DESC'}`);
const asWritten = (ordering: OfferedOrdering) => ordering.keys.map((key, index) => `${key}_${ordering.directions[index].toUpperCase()}`);

const cases = offeredLists(unguardedSchema).flatMap(({ field, contract }) =>
  contract.orderings.flatMap((ordering) => [
    { field, contract, label: orderingLabel(ordering), values: asWritten(ordering) },
    { field, contract, label: `${orderingLabel(ordering)} reversed`, values: reversedValues(ordering) },
  ]),
);

describe('every offered ordering', () => {
  it('has a source of rows in this test', () => {
    expect(offeredLists(unguardedSchema).map((list) => list.field).filter((field) => !SOURCES[field])).toEqual([]);
  });

  it.each(cases)('$field $label pages forwards and backwards across equal sort keys', async ({ field, contract, values }) => {
    const source = SOURCES[field];
    const orderType = String(
      (unguardedSchema.getType(field.split('.')[0]) as any).getFields()[field.split('.')[1]].args.find((arg: any) => arg.name === 'orderBy').type,
    ).replace(/[[\]!]/g, '');
    const rows = await source.rows();
    const expected = expectedOrder(rows, contract, values, source).map((id) => globalId(source.typename, id));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const query = listQuery(source, field, orderType);
    const forwards = await walk(query, source, values, false);
    expect(forwards).toEqual({ ids: expected, totalCount: expected.length });
    const backwards = await walk(query, source, values, true);
    expect(backwards).toEqual({ ids: expected, totalCount: expected.length });
  }, 60_000);
});
