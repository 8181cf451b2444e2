import { fc } from '@fast-check/jest';
import { encodeBase64 } from '@pothos/core';
import { knownIds, type World } from './fixture.js';
import { anyEnum, anyId, anyNumber, anyText, optional } from './values.js';

/** Every argument of every query field, each query with its variables' arbitrary. */
export interface QueryTarget {
  name: string;
  query: string;
  variables(world: World): fc.Arbitrary<Record<string, unknown>>;
}

/** Cursors: ours, Pothos' other tagged kinds (numbers, JSON, dates), ids that are not UUIDs, and junk. */
function anyCursor(world: World): fc.Arbitrary<unknown> {
  const issued = (id: string) => encodeBase64(`GPC:S:${Buffer.from(id, 'base64').toString().split(':')[1]}`);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...knownIds(world).map(issued)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('S', 'N', 'I', 'D', 'O', 'T', 'B', 'Z', 'X'), anyText()).map(([tag, text]) => encodeBase64(`GPC:${tag}:${text}`)) },
    { weight: 1, arbitrary: fc.constantFrom('GPC:N:1e400', 'GPC:O:{"id":1}', 'GPC:I:99999999999999999999999', 'GPC:D:-1', 'GPC:T:[]').map(encodeBase64) },
    { weight: 2, arbitrary: anyText() },
    { weight: 1, arbitrary: anyNumber() },
  );
}

/** first, last, after and before, as every connection takes them. */
const page = (world: World) => ({
  first: optional(anyNumber()),
  last: optional(anyNumber()),
  after: optional(anyCursor(world)),
  before: optional(anyCursor(world)),
});
const PAGE_VARIABLES = '$first: Int, $last: Int, $after: String, $before: String';
const PAGE_ARGUMENTS = 'first: $first, last: $last, after: $after, before: $before';
const EXECUTION_STATUS = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

const connection = (name: string, path: (args: string) => string, extra: { variables: string; args: string; arbitrary: (world: World) => Record<string, fc.Arbitrary<unknown>> }): QueryTarget => ({
  name,
  query: `query(${PAGE_VARIABLES}${extra.variables}) { ${path(`${PAGE_ARGUMENTS}${extra.args}`)} }`,
  variables: (world) => fc.record({ ...page(world), ...extra.arbitrary(world) }),
});
const inOrganization = (field: string) => (args: string) => `organization { ${field}(${args}) { totalCount edges { cursor node { id } } } }`;
const inWorkflow = (field: string) => (args: string) => `workflow(id: $workflowId) { ${field}(${args}) { totalCount edges { cursor node { id } } } }`;
const none = { variables: '', args: '', arbitrary: () => ({}) };

export const QUERIES: QueryTarget[] = [
  { name: 'node', query: 'query($id: ID!) { node(id: $id) { id } }', variables: (world) => fc.record({ id: anyId(knownIds(world)) }) },
  { name: 'nodes', query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: (world) => fc.record({ ids: fc.array(anyId(knownIds(world)), { maxLength: 5 }) }) },
  { name: 'workflow', query: 'query($id: ID!) { workflow(id: $id) { id name } }', variables: (world) => fc.record({ id: anyId(knownIds(world)) }) },
  { name: 'execution', query: 'query($id: ID!) { execution(id: $id) { id status } }', variables: (world) => fc.record({ id: anyId(knownIds(world)) }) },
  connection('organization.workflows', inOrganization('workflows'), {
    variables: ', $status: WorkflowStatus, $search: String',
    args: ', status: $status, search: $search',
    arbitrary: () => ({ status: optional(anyEnum(['DRAFT', 'ACTIVE', 'ARCHIVED'])), search: optional(anyText()) }),
  }),
  connection('organization.executions', inOrganization('executions'), {
    variables: ', $status: ExecutionStatus, $workflowId: ID',
    args: ', status: $status, workflowId: $workflowId',
    arbitrary: (world) => ({ status: optional(anyEnum(EXECUTION_STATUS)), workflowId: optional(anyId(knownIds(world))) }),
  }),
  connection('organization.integrations', inOrganization('integrations'), {
    variables: ', $provider: String',
    args: ', provider: $provider',
    arbitrary: () => ({ provider: optional(anyText()) }),
  }),
  connection('organization.members', inOrganization('members'), {
    variables: ', $role: Role',
    args: ', role: $role',
    arbitrary: () => ({ role: optional(anyEnum(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'])) }),
  }),
  connection('organization.apiKeys', inOrganization('apiKeys'), {
    variables: ', $includeRevoked: Boolean',
    args: ', includeRevoked: $includeRevoked',
    arbitrary: () => ({ includeRevoked: optional(fc.oneof(fc.boolean(), anyText() as fc.Arbitrary<unknown>)) }),
  }),
  connection('organization.auditLog', inOrganization('auditLog'), none),
  connection('workflow.executions', inWorkflow('executions'), {
    variables: ', $workflowId: ID!, $status: ExecutionStatus',
    args: ', status: $status',
    arbitrary: (world) => ({ workflowId: fc.constant(world.workflowId), status: optional(anyEnum(EXECUTION_STATUS)) }),
  }),
  connection('workflow.versions', inWorkflow('versions'), {
    variables: ', $workflowId: ID!',
    args: '',
    arbitrary: (world) => ({ workflowId: fc.constant(world.workflowId) }),
  }),
];
