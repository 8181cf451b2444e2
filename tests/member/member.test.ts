import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const ADD = `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id role user { email } } } }`;
const UPDATE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { id role } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { deletedId } }`;

let t: TestServer;
beforeAll(async () => {
  // API keys may send any text here, so what stops them from managing members is shield itself.
  t = await startTestServer({ env: { PERSISTED_ONLY_FOR_API_KEYS: 'false' } });
});
afterAll(() => t.stop());

async function team() {
  const org = await createOrganization(t.db.base);
  const owner = await createMember(t.db.base, org.id, 'OWNER');
  const admin = await createMember(t.db.base, org.id, 'ADMIN');
  const editor = await createMember(t.db.base, org.id, 'EDITOR');
  return { org, owner, admin, editor, id: (m: { membership: { id: string } }) => globalId('Member', m.membership.id) };
}

const auditEntries = (organizationId: string) => t.db.base.auditLogEntry.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } });

describe('members', () => {
  it('adds a person by email, creating the account, and lists them', async () => {
    const { org, admin } = await team();
    const email = `${unique('new')}@Example.test`;
    const res = await t.gql(ADD, { as: admin.user.id, org: org.id, variables: { input: { email: ` ${email} `, role: 'EDITOR' } } });
    expect(res.body.errors).toBeUndefined();
    const member = res.body.data!.addMember.member;
    expect(member).toMatchObject({ role: 'EDITOR', user: { email: email.toLowerCase() } });
    expect(await t.db.base.user.count({ where: { email: email.toLowerCase() } })).toBe(1);
    const list = await t.gql(`{ organization { members(first: 10) { totalCount edges { node { id role } } } } }`, { as: admin.user.id, org: org.id });
    expect(list.body.data!.organization.members.totalCount).toBe(4);
    expect(list.body.data!.organization.members.edges).toContainEqual({ node: { id: member.id, role: 'EDITOR' } });
  });

  it('adds an existing account without creating another, and refuses a second membership', async () => {
    const { org, admin, editor } = await team();
    const other = await createOrganization(t.db.base);
    const outsider = await createMember(t.db.base, other.id, 'VIEWER');
    const added = await t.gql(ADD, { as: admin.user.id, org: org.id, variables: { input: { email: outsider.user.email, role: 'VIEWER' } } });
    expect(added.body.data!.addMember.member.user.email).toBe(outsider.user.email);
    expect(await t.db.base.user.count({ where: { email: outsider.user.email } })).toBe(1);
    const again = await t.gql(ADD, { as: admin.user.id, org: org.id, variables: { input: { email: editor.user.email, role: 'VIEWER' } } });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });

  it('changes a role and removes a member, saying which', async () => {
    const { org, admin, editor, id } = await team();
    const updated = await t.gql(UPDATE, { as: admin.user.id, org: org.id, variables: { input: { memberId: id(editor), role: 'VIEWER' } } });
    expect(updated.body.data!.updateMemberRole.member).toEqual({ id: id(editor), role: 'VIEWER' });
    const removed = await t.gql(REMOVE, { as: admin.user.id, org: org.id, variables: { input: { memberId: id(editor) } } });
    expect(removed.body.data!.removeMember.deletedId).toBe(id(editor));
    expect(await t.db.base.organizationMember.count({ where: { id: editor.membership.id } })).toBe(0);
    expect(await t.db.base.user.count({ where: { id: editor.user.id } })).toBe(1);
    const gone = await t.gql(REMOVE, { as: admin.user.id, org: org.id, variables: { input: { memberId: id(editor) } } });
    expect(errorCodes(gone)).toEqual(['NOT_FOUND']);
  });

  it('validates input, naming the field', async () => {
    const { org, admin } = await team();
    const as = { as: admin.user.id, org: org.id };
    const badEmail = await t.gql(ADD, { ...as, variables: { input: { email: 'not-an-email', role: 'EDITOR' } } });
    expect(badEmail.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const longEmail = await t.gql(ADD, { ...as, variables: { input: { email: `${'a'.repeat(250)}@x.test`, role: 'EDITOR' } } });
    expect(longEmail.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const badId = await t.gql(UPDATE, { ...as, variables: { input: { memberId: 'nonsense', role: 'VIEWER' } } });
    expect(badId.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberId' });
    const badRole = await t.gql(ADD, { ...as, variables: { input: { email: `${unique('r')}@x.test`, role: 'KING' } } });
    expect(errorCodes(badRole)).toEqual(['BAD_USER_INPUT']);
    const workflow = await createWorkflow(t.db.base, org.id);
    const wrongType = await t.gql(REMOVE, { ...as, variables: { input: { memberId: globalId('Workflow', workflow.id) } } });
    expect(errorCodes(wrongType)).toEqual(['NOT_FOUND']);
    expect(await t.db.base.organizationMember.count({ where: { organizationId: org.id } })).toBe(3);
  });

  it('is for ADMINs: EDITORs and API keys (any scope) are refused', async () => {
    const { org, editor, id } = await team();
    const { key } = await createApiKey(t.db.base, org.id);
    const email = `${unique('k')}@x.test`;
    const attempts = [
      await t.gql(ADD, { as: editor.user.id, org: org.id, variables: { input: { email, role: 'VIEWER' } } }),
      await t.gql(ADD, { apiKey: key, variables: { input: { email, role: 'VIEWER' } } }),
      await t.gql(UPDATE, { apiKey: key, variables: { input: { memberId: id(editor), role: 'ADMIN' } } }),
      await t.gql(REMOVE, { apiKey: key, variables: { input: { memberId: id(editor) } } }),
    ];
    expect(attempts.map(errorCodes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(await t.db.base.organizationMember.count({ where: { organizationId: org.id } })).toBe(3);
    expect(await t.db.base.user.count({ where: { email } })).toBe(0);
    expect(await t.db.base.organizationMember.findUnique({ where: { id: editor.membership.id } })).toMatchObject({ role: 'EDITOR' });
  });

  it('writes exactly one audit entry per change, with actor and request id, and none for a refused one', async () => {
    const { org, admin, editor, id } = await team();
    const as = { as: admin.user.id, org: org.id };
    const before = (await auditEntries(org.id)).length;
    const added = await t.gql(ADD, { ...as, variables: { input: { email: `${unique('a')}@x.test`, role: 'VIEWER' } } });
    await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(editor), role: 'VIEWER' } } });
    await t.gql(REMOVE, { ...as, variables: { input: { memberId: id(editor) } } });
    const entries = (await auditEntries(org.id)).slice(before);
    expect(entries.map((entry) => [entry.action, entry.resourceType, entry.actorUserId])).toEqual([
      ['member.add', 'Member', admin.user.id],
      ['member.updateRole', 'Member', admin.user.id],
      ['member.remove', 'Member', admin.user.id],
    ]);
    expect(entries[0].requestId).toBe(added.headers.get('x-request-id'));
    expect(entries[2].resourceId).toBe(editor.membership.id);

    await t.gql(ADD, { ...as, variables: { input: { email: admin.user.email, role: 'VIEWER' } } });
    await t.gql(REMOVE, { ...as, variables: { input: { memberId: id(editor) } } });
    await t.gql(UPDATE, { as: editor.user.id, org: org.id, variables: { input: { memberId: id(admin), role: 'VIEWER' } } });
    expect(await auditEntries(org.id)).toHaveLength(before + 3);
  });

  it('adds one membership and one audit entry when the same person is added twice at once', async () => {
    const { org, admin } = await team();
    const email = `${unique('twice')}@x.test`;
    const results = await Promise.all(
      [0, 1, 2].map(() => t.gql(ADD, { as: admin.user.id, org: org.id, variables: { input: { email, role: 'VIEWER' } } })),
    );
    expect(results.flatMap(errorCodes).sort()).toEqual(['CONFLICT', 'CONFLICT']);
    expect(await t.db.base.organizationMember.count({ where: { organizationId: org.id, user: { email } } })).toBe(1);
    expect(await t.db.base.auditLogEntry.count({ where: { organizationId: org.id, action: 'member.add' } })).toBe(1);
  });
});
