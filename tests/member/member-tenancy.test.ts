import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization, globalId } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const UPDATE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { id role } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { deletedId } }`;
const ADD = `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** What a cross-tenant attempt could change: every membership of both organizations and their audit logs. */
async function snapshot(organizationIds: string[]) {
  const where = { organizationId: { in: organizationIds } };
  return {
    members: await t.db.base.organizationMember.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, organizationId: true, role: true } }),
    audit: await t.db.base.auditLogEntry.count({ where }),
  };
}

describe('members across tenants', () => {
  it("gives an OWNER or ADMIN of organization B NOT_FOUND for organization A's members, and changes nothing", async () => {
    const a = await createOrganization(t.db.base);
    const aOwner = await createMember(t.db.base, a.id, 'OWNER');
    const aViewer = await createMember(t.db.base, a.id, 'VIEWER');
    const b = await createOrganization(t.db.base);
    const bOwner = await createMember(t.db.base, b.id, 'OWNER');
    const bAdmin = await createMember(t.db.base, b.id, 'ADMIN');
    const before = await snapshot([a.id, b.id]);

    for (const attacker of [bOwner, bAdmin]) {
      const as = { as: attacker.user.id, org: b.id };
      for (const target of [aOwner, aViewer]) {
        const memberId = globalId('Member', target.membership.id);
        expect(errorCodes(await t.gql(UPDATE, { ...as, variables: { input: { memberId, role: 'VIEWER' } } }))).toEqual(['NOT_FOUND']);
        expect(errorCodes(await t.gql(REMOVE, { ...as, variables: { input: { memberId } } }))).toEqual(['NOT_FOUND']);
        const read = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { ...as, variables: { id: memberId } });
        expect(read.body.data!.node).toBeNull();
      }
      const listed = await t.gql(`{ organization { members(first: 50) { edges { node { user { email } } } } } }`, as);
      expect(JSON.stringify(listed.body)).not.toContain(aViewer.user.email);
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });

  it('refuses to act in organization A for someone who is not its member', async () => {
    const a = await createOrganization(t.db.base);
    const aViewer = await createMember(t.db.base, a.id, 'VIEWER');
    const b = await createOrganization(t.db.base);
    const bOwner = await createMember(t.db.base, b.id, 'OWNER');
    const before = await snapshot([a.id, b.id]);
    const as = { as: bOwner.user.id, org: a.id };
    const attempts = [
      await t.gql(ADD, { ...as, variables: { input: { email: bOwner.user.email, role: 'OWNER' } } }),
      await t.gql(UPDATE, { ...as, variables: { input: { memberId: globalId('Member', aViewer.membership.id), role: 'ADMIN' } } }),
      await t.gql(REMOVE, { ...as, variables: { input: { memberId: globalId('Member', aViewer.membership.id) } } }),
    ];
    expect(attempts.map(errorCodes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });

  it("adds a person who belongs to another organization only to the caller's own", async () => {
    const a = await createOrganization(t.db.base);
    const aViewer = await createMember(t.db.base, a.id, 'VIEWER');
    const b = await createOrganization(t.db.base);
    const bAdmin = await createMember(t.db.base, b.id, 'ADMIN');
    const added = await t.gql(ADD, { as: bAdmin.user.id, org: b.id, variables: { input: { email: aViewer.user.email, role: 'EDITOR' } } });
    expect(added.body.errors).toBeUndefined();
    const memberships = await t.db.base.organizationMember.findMany({ where: { userId: aViewer.user.id } });
    const roles = Object.fromEntries(memberships.map((m) => [m.organizationId, m.role]));
    expect(roles).toEqual({ [a.id]: 'VIEWER', [b.id]: 'EDITOR' });
  });
});
