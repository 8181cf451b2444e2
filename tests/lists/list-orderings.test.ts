import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { offeredLists } from '../../src/modules/lists/offered-lists.js';
import { orderingLabel, type ListContract, type OfferedOrdering } from '../../src/modules/lists/list-contract.js';
import { globalId } from '../support/factories.js';
import { EXECUTION_STATUSES, ROLES, seedLists, WORKFLOW_STATUSES } from './list-fixture.js';
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

beforeAll(async () => {
  t = await startTestServer();
  ({ orgId, owner, workflowIds } = await seedLists(t));
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
