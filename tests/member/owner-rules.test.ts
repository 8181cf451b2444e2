import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization, globalId, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

const ADD = `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id role } } }`;
const UPDATE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { id role } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { deletedId } }`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

type Person = Awaited<ReturnType<typeof createMember>>;
const id = (person: Person) => globalId('Member', person.membership.id);
const owners = (organizationId: string) => t.db.base.organizationMember.count({ where: { organizationId, role: 'OWNER' } });
const roleOf = async (person: Person) => (await t.db.base.organizationMember.findUnique({ where: { id: person.membership.id } }))?.role;

async function team(ownerCount = 1) {
  const org = await createOrganization(t.db.base);
  const ownerList: Person[] = [];
  for (let n = 0; n < ownerCount; n += 1) ownerList.push(await createMember(t.db.base, org.id, 'OWNER'));
  const admin = await createMember(t.db.base, org.id, 'ADMIN');
  const editor = await createMember(t.db.base, org.id, 'EDITOR');
  return { org, owners: ownerList, owner: ownerList[0], admin, editor };
}

describe('the OWNER role', () => {
  it('is granted, changed and removed only by an OWNER', async () => {
    const { org, owner, admin, editor } = await team(2);
    const as = { as: admin.user.id, org: org.id };
    const email = `${unique('would-be-owner')}@x.test`;
    const attempts = [
      await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(editor), role: 'OWNER' } } }),
      await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(owner), role: 'VIEWER' } } }),
      await t.gql(REMOVE, { ...as, variables: { input: { memberId: id(owner) } } }),
      await t.gql(ADD, { ...as, variables: { input: { email, role: 'OWNER' } } }),
    ];
    expect(attempts.map(errorCodes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(await t.db.base.user.count({ where: { email } })).toBe(0);
    expect([await roleOf(owner), await roleOf(editor), await owners(org.id)]).toEqual(['OWNER', 'EDITOR', 2]);

    const byOwner = { as: owner.user.id, org: org.id };
    const granted = await t.gql(UPDATE, { ...byOwner, variables: { input: { memberId: id(editor), role: 'OWNER' } } });
    expect(granted.body.data!.updateMemberRole.member.role).toBe('OWNER');
    const added = await t.gql(ADD, { ...byOwner, variables: { input: { email, role: 'OWNER' } } });
    expect(added.body.data!.addMember.member.role).toBe('OWNER');
    const demoted = await t.gql(UPDATE, { ...byOwner, variables: { input: { memberId: id(editor), role: 'ADMIN' } } });
    expect(demoted.body.data!.updateMemberRole.member.role).toBe('ADMIN');
    const removed = await t.gql(REMOVE, { ...byOwner, variables: { input: { memberId: added.body.data!.addMember.member.id } } });
    expect(removed.body.errors).toBeUndefined();
    expect(await owners(org.id)).toBe(2);
  });

  it('lets an ADMIN manage everyone below OWNER, including other ADMINs', async () => {
    const { org, admin, editor } = await team();
    const other = await createMember(t.db.base, org.id, 'ADMIN');
    const as = { as: admin.user.id, org: org.id };
    expect(errorCodes(await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(editor), role: 'ADMIN' } } }))).toEqual([]);
    expect(errorCodes(await t.gql(REMOVE, { ...as, variables: { input: { memberId: id(other) } } }))).toEqual([]);
    expect(await roleOf(editor)).toBe('ADMIN');
  });

  it('never leaves the organization without an OWNER', async () => {
    const { org, owner } = await team();
    const as = { as: owner.user.id, org: org.id };
    const demote = await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(owner), role: 'ADMIN' } } });
    expect(errorCodes(demote)).toEqual(['CONFLICT']);
    const remove = await t.gql(REMOVE, { ...as, variables: { input: { memberId: id(owner) } } });
    expect(errorCodes(remove)).toEqual(['CONFLICT']);
    const keep = await t.gql(UPDATE, { ...as, variables: { input: { memberId: id(owner), role: 'OWNER' } } });
    expect(keep.body.data!.updateMemberRole.member.role).toBe('OWNER');
    expect(await owners(org.id)).toBe(1);
    expect(await t.db.base.auditLogEntry.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it('lets one of two OWNERs step down, and then refuses the other', async () => {
    const { org, owners: [first, second] } = await team(2);
    const stepDown = await t.gql(UPDATE, { as: first.user.id, org: org.id, variables: { input: { memberId: id(first), role: 'ADMIN' } } });
    expect(stepDown.body.data!.updateMemberRole.member.role).toBe('ADMIN');
    const regrant = await t.gql(UPDATE, { as: first.user.id, org: org.id, variables: { input: { memberId: id(first), role: 'OWNER' } } });
    expect(errorCodes(regrant)).toEqual(['FORBIDDEN']);
    const last = await t.gql(REMOVE, { as: second.user.id, org: org.id, variables: { input: { memberId: id(second) } } });
    expect(errorCodes(last)).toEqual(['CONFLICT']);
    expect(await owners(org.id)).toBe(1);
  });

  it('keeps one OWNER when two owners demote or remove each other at the same time', async () => {
    const teams = await Promise.all([1, 2, 3, 4, 5, 6].map(() => team(2)));
    const race = (n: number, [a, b]: Person[], orgId: string) => {
      const change = (actor: Person, target: Person) =>
        n % 2 === 0
          ? t.gql(UPDATE, { as: actor.user.id, org: orgId, variables: { input: { memberId: id(target), role: 'ADMIN' } } })
          : t.gql(REMOVE, { as: actor.user.id, org: orgId, variables: { input: { memberId: id(target) } } });
      return Promise.all([change(a, b), change(b, a)]);
    };
    const results = await Promise.all(teams.map((each, n) => race(n, each.owners, each.org.id)));
    for (const [n, each] of teams.entries()) {
      // One wins; the other is refused as no longer an OWNER (FORBIDDEN) or as the last one (CONFLICT).
      const refusals = results[n].flatMap(errorCodes);
      expect(refusals).toHaveLength(1);
      expect(['CONFLICT', 'FORBIDDEN']).toContain(refusals[0]);
      expect(await owners(each.org.id)).toBe(1);
      expect(await t.db.base.auditLogEntry.count({ where: { organizationId: each.org.id } })).toBe(1);
    }
  });
});
