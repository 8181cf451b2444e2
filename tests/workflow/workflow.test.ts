import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let orgId: string;
let editor: string;
let viewer: string;

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  editor = (await createMember(t.db.base, org.id, 'EDITOR')).user.id;
  viewer = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
});
afterAll(() => t.stop());

const CREATE = `mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { workflow { id name status description currentVersion { version definition } versions(first: 10) { totalCount } } } }`;
const UPDATE = `mutation($input: UpdateWorkflowInput!) { updateWorkflow(input: $input) { workflow { id name currentVersion { version definition } versions(first: 10) { totalCount edges { node { version } } } } } }`;

describe('workflows', () => {
  it('creates a DRAFT workflow whose first version is current, and audits it', async () => {
    const name = `Onboarding ${Date.now()}`;
    const res = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name, definition: { steps: ['a'] } } } });
    expect(res.body.errors).toBeUndefined();
    const workflow = res.body.data!.createWorkflow.workflow;
    expect(workflow).toMatchObject({ name, status: 'DRAFT', description: '', currentVersion: { version: 1, definition: { steps: ['a'] } }, versions: { totalCount: 1 } });
    const audit = await t.db.base.auditLogEntry.findMany({ where: { organizationId: orgId, action: 'workflow.create' } });
    expect(audit.map((entry) => entry.actorUserId)).toContain(editor);
  });

  it('makes a changed definition a new version, and an identical one not', async () => {
    const created = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: `v-${Date.now()}`, definition: { steps: [1] } } } });
    const id = created.body.data!.createWorkflow.workflow.id;
    const same = await t.gql(UPDATE, { as: editor, org: orgId, variables: { input: { workflowId: id, definition: { steps: [1] }, name: 'Renamed ' + id.slice(-6) } } });
    expect(same.body.data!.updateWorkflow.workflow.versions.totalCount).toBe(1);
    const changed = await t.gql(UPDATE, { as: editor, org: orgId, variables: { input: { workflowId: id, definition: { steps: [2] } } } });
    expect(changed.body.data!.updateWorkflow.workflow.currentVersion).toEqual({ version: 2, definition: { steps: [2] } });
    expect(changed.body.data!.updateWorkflow.workflow.versions.edges.map((e: any) => e.node.version)).toEqual([2, 1]);
  });

  it('numbers concurrent edits one after another', async () => {
    const created = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: `c-${Date.now()}`, definition: { n: 0 } } } });
    const id = created.body.data!.createWorkflow.workflow.id;
    const edits = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => t.gql(UPDATE, { as: editor, org: orgId, variables: { input: { workflowId: id, definition: { n } } } })),
    );
    expect(edits.flatMap((edit) => errorCodes(edit))).toEqual([]);
    const workflow = await t.db.base.workflow.findFirstOrThrow({ where: { name: created.body.data!.createWorkflow.workflow.name, organizationId: orgId } });
    const versions = await t.db.base.workflowVersion.findMany({ where: { workflowId: workflow.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('validates input and names the field', async () => {
    const empty = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: '  ', definition: {} } } });
    expect(empty.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const notObject = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: 'x', definition: [1, 2] } } });
    expect(notObject.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'definition' });
    const large = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: 'large', definition: { blob: 'x'.repeat(70_000) } } } });
    expect(large.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'definition' });
    const fits = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: 'fits', definition: { blob: 'x'.repeat(60_000) } } } });
    expect(fits.body.errors).toBeUndefined();
    const huge = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name: 'big', definition: { blob: 'x'.repeat(300_000) } } } });
    expect(huge.status).toBe(413);
  });

  it('refuses a duplicate name in the organization with CONFLICT', async () => {
    const name = `dup-${Date.now()}`;
    await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name, definition: {} } } });
    const again = await t.gql(CREATE, { as: editor, org: orgId, variables: { input: { name, definition: {} } } });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });

  it('lets a VIEWER read but not write', async () => {
    const workflow = await createWorkflow(t.db.base, orgId, { name: `read-${Date.now()}` });
    const read = await t.gql(`query($id: ID!) { workflow(id: $id) { name } }`, { as: viewer, org: orgId, variables: { id: globalId('Workflow', workflow.id) } });
    expect(read.body.data!.workflow.name).toBe(workflow.name);
    const write = await t.gql(CREATE, { as: viewer, org: orgId, variables: { input: { name: 'nope', definition: {} } } });
    expect(errorCodes(write)).toEqual(['FORBIDDEN']);
  });

  it('filters, searches and pages the organization’s workflows both ways', async () => {
    const org = await createOrganization(t.db.base);
    const member = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'Alphabet']) await createWorkflow(t.db.base, org.id, { name, status: name === 'beta' ? 'DRAFT' : 'ACTIVE' });
    const page = (args: string) =>
      t.gql(`{ organization { workflows(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { name } } } } }`, { as: member, org: org.slug });
    const active = await page('first: 10, status: ACTIVE');
    expect(active.body.data!.organization.workflows.totalCount).toBe(4);
    const search = await page('first: 10, search: "ALPHA"');
    expect(search.body.data!.organization.workflows.edges.map((e: any) => e.node.name).sort()).toEqual(['Alphabet', 'alpha']);
    const first = await page('first: 2');
    const firstPage = first.body.data!.organization.workflows;
    expect(firstPage).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const second = await page(`first: 2, after: "${firstPage.pageInfo.endCursor}"`);
    const secondPage = second.body.data!.organization.workflows;
    const back = await page(`last: 2, before: "${secondPage.pageInfo.startCursor}"`);
    expect(back.body.data!.organization.workflows.edges).toEqual(firstPage.edges);
    const tooMany = await page('first: 101');
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('node and nodes', () => {
  it('resolve the active organization’s ids by type, and answer null for unknown and foreign ids, in order', async () => {
    const workflow = await createWorkflow(t.db.base, orgId, { versions: 2 });
    const foreign = await createWorkflow(t.db.base, (await createOrganization(t.db.base)).id);
    const ids = [
      globalId('Workflow', workflow.id),
      globalId('WorkflowVersion', workflow.currentVersion!.id),
      globalId('Workflow', foreign.id),
      globalId('Workflow', '00000000-0000-4000-8000-000000000000'),
    ];
    const query = `query($ids: [ID!]!, $id: ID!) {
      nodes(ids: $ids) { __typename id ... on Workflow { name } ... on WorkflowVersion { version } }
      node(id: $id) { ... on Workflow { name } }
    }`;
    const response = await t.gql(query, { as: viewer, org: orgId, variables: { ids, id: ids[0] } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      nodes: [
        { __typename: 'Workflow', id: ids[0], name: workflow.name },
        { __typename: 'WorkflowVersion', id: ids[1], version: 2 },
        null,
        null,
      ],
      node: { name: workflow.name },
    });
  });
});
