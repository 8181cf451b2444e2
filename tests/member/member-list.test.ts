import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

const MEMBERS = `query($first: Int, $after: String, $last: Int, $before: String) {
  organization {
    members(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
      edges { cursor node { id role createdAt user { email } } }
    }
  }
}`;

let t: TestServer;
let orgId: string;
let owner: string;
/** Every member's email in the order the API promises: oldest first, ties broken by id. */
let emails: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
  for (let n = 0; n < 11; n += 1) await createMember(t.db.base, org.id, 'VIEWER');
  const rows = await t.db.base.organizationMember.findMany({
    where: { organizationId: orgId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { user: true },
  });
  emails = rows.map((row) => row.user.email);
});
afterAll(() => t.stop());

async function page(variables: Record<string, unknown>) {
  const response = await t.gql(MEMBERS, { as: owner, org: orgId, variables });
  expect(response.body.errors).toBeUndefined();
  const members = response.body.data!.organization.members;
  return { ...members, emails: members.edges.map((edge: any) => edge.node.user.email) as string[] };
}

describe('Organization.members', () => {
  it('pages forwards with first/after, oldest first, to the end', async () => {
    const first = await page({ first: 5 });
    expect(first).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(first.emails).toEqual(emails.slice(0, 5));
    const second = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(second.emails).toEqual(emails.slice(5, 10));
    const third = await page({ first: 5, after: second.pageInfo.endCursor });
    expect(third.emails).toEqual(emails.slice(10));
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('pages backwards with last/before to the beginning', async () => {
    const last = await page({ last: 5 });
    expect(last).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect(last.emails).toEqual(emails.slice(7));
    const previous = await page({ last: 5, before: last.pageInfo.startCursor });
    expect(previous.emails).toEqual(emails.slice(2, 7));
    const start = await page({ last: 5, before: previous.pageInfo.startCursor });
    expect(start.emails).toEqual(emails.slice(0, 2));
    expect(start.pageInfo.hasPreviousPage).toBe(false);
  });

  it('filters by role and caps first at 100', async () => {
    const viewers = await t.gql(`{ organization { members(first: 50, role: VIEWER) { totalCount } } }`, { as: owner, org: orgId });
    expect(viewers.body.data!.organization.members.totalCount).toBe(11);
    const tooMany = await t.gql(`{ organization { members(first: 101) { totalCount } } }`, { as: owner, org: orgId });
    expect(tooMany.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('issues the same number of SQL statements for 2 members as for 12', async () => {
    t.queries.length = 0;
    await page({ first: 2 });
    const small = t.queries.length;
    t.queries.length = 0;
    const large = await page({ first: 12 });
    expect(large.emails).toHaveLength(12);
    expect(t.queries.length).toBe(small);
  });
});
