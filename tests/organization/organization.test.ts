import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMembership, createMember, createOrganization, createUser, unique } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/** Organizations as a person's frontend sees them: creating one, renaming it, listing one's own. */

const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id name slug plan viewerRole } } }`;
const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { name plan } } }`;

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('createOrganization', () => {
  it('makes the caller its OWNER, on the FREE plan, and records who did it under the request id', async () => {
    const user = await createUser(t.db.base);
    const slug = unique('team');
    const response = await t.gql(CREATE, { as: user.id, variables: { input: { name: 'My Team', slug } }, headers: { 'x-request-id': `req-${slug}` } });
    expect(response.body.data!.createOrganization.organization).toEqual({ id: expect.any(String), name: 'My Team', slug, plan: 'FREE', viewerRole: 'OWNER' });
    const organization = await t.db.base.organization.findUniqueOrThrow({ where: { slug } });
    const audit = await t.db.base.auditLogEntry.findMany({ where: { organizationId: organization.id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'organization.create', actorUserId: user.id, requestId: `req-${slug}` })]);
  });

  it('names the field that is wrong', async () => {
    const user = await createUser(t.db.base);
    for (const slug of ['Upper', '-dash', 'dash-', 'has space', 'x'.repeat(41), '']) {
      const response = await t.gql(CREATE, { as: user.id, variables: { input: { name: 'N', slug } } });
      expect({ slug, extensions: response.body.errors?.[0].extensions }).toMatchObject({ slug, extensions: { code: 'BAD_USER_INPUT', field: 'slug' } });
    }
    const blank = await t.gql(CREATE, { as: user.id, variables: { input: { name: '   ', slug: unique('ok') } } });
    expect(blank.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('refuses a slug that is taken with CONFLICT, leaving no half-made organization', async () => {
    const user = await createUser(t.db.base);
    const taken = await createOrganization(t.db.base);
    const before = await t.db.base.organizationMember.count({ where: { userId: user.id } });
    const response = await t.gql(CREATE, { as: user.id, variables: { input: { name: 'Copy', slug: taken.slug } } });
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.body.errors?.[0].message).not.toMatch(/prisma|unique constraint|P2002/i);
    expect(await t.db.base.organizationMember.count({ where: { userId: user.id } })).toBe(before);
  });

  it('needs a person: no credentials is UNAUTHENTICATED', async () => {
    const response = await t.gql(CREATE, { variables: { input: { name: 'Nobody', slug: unique('anon') } } });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('updateOrganization', () => {
  it('lets an ADMIN rename it and an OWNER change the plan, each with an audit entry', async () => {
    const org = await createOrganization(t.db.base, { plan: 'FREE' });
    const admin = (await createMember(t.db.base, org.id, 'ADMIN')).user.id;
    const owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
    const renamed = await t.gql(UPDATE, { as: admin, org: org.id, variables: { input: { name: 'Renamed' } } });
    expect(renamed.body.data!.updateOrganization.organization).toEqual({ name: 'Renamed', plan: 'FREE' });
    const adminPlan = await t.gql(UPDATE, { as: admin, org: org.id, variables: { input: { plan: 'ENTERPRISE' } } });
    expect(errorCodes(adminPlan)).toEqual(['FORBIDDEN']);
    const upgraded = await t.gql(UPDATE, { as: owner, org: org.id, variables: { input: { plan: 'ENTERPRISE' } } });
    expect(upgraded.body.data!.updateOrganization.organization).toEqual({ name: 'Renamed', plan: 'ENTERPRISE' });
    const audit = await t.db.base.auditLogEntry.findMany({ where: { organizationId: org.id, action: 'organization.update' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => [entry.actorUserId, entry.metadata])).toEqual([
      [admin, { name: 'Renamed' }],
      [owner, { plan: 'ENTERPRISE' }],
    ]);
  });

  it('writes nothing when its audit entry cannot be written: the change and the entry are one transaction', async () => {
    const org = await createOrganization(t.db.base, { name: 'Before' });
    const admin = (await createMember(t.db.base, org.id, 'ADMIN')).user.id;
    // A trigger that refuses audit entries of this one organization only (other test files share the
    // database when it is PostgreSQL), standing in for any failure after the main write.
    const fn = `refuse_audit_${org.id.replaceAll('-', '')}`;
    await t.db.base.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await t.db.base.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON audit_log_entries FOR EACH ROW WHEN (NEW."organizationId" = '${org.id}'::uuid) EXECUTE FUNCTION ${fn}()`,
    );
    try {
      const response = await t.gql(UPDATE, { as: admin, org: org.id, variables: { input: { name: 'After' } } });
      expect(errorCodes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(response.body)).not.toContain('audit refused');
      expect((await t.db.base.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe('Before');
    } finally {
      await t.db.base.$executeRawUnsafe(`DROP TRIGGER ${fn} ON audit_log_entries`);
      await t.db.base.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
  });
});

describe('viewer', () => {
  it('lists every organization the person belongs to, with the role in each', async () => {
    const [a, b] = [await createOrganization(t.db.base), await createOrganization(t.db.base)];
    const person = (await createMember(t.db.base, a.id, 'EDITOR')).user;
    await addMembership(t.db.base, b.id, person.id, 'VIEWER');
    const response = await t.gql(`{ viewer { user { email } memberships { role organization { slug } } } organization { slug viewerRole } }`, { as: person.id, org: b.slug });
    expect(response.body.errors).toBeUndefined();
    const { viewer, organization } = response.body.data!;
    expect(viewer.user.email).toBe(person.email);
    expect(viewer.memberships).toHaveLength(2);
    expect(viewer.memberships).toEqual(expect.arrayContaining([
      { role: 'EDITOR', organization: { slug: a.slug } },
      { role: 'VIEWER', organization: { slug: b.slug } },
    ]));
    expect(organization).toEqual({ slug: b.slug, viewerRole: 'VIEWER' });
  });

  it('is null without credentials', async () => {
    const response = await t.gql(`{ viewer { user { id } } }`);
    expect(response.body).toEqual({ data: { viewer: null } });
  });
});

describe('Query.organization', () => {
  it('is null with FORBIDDEN beside the data when the organization is refused, and viewer still answers', async () => {
    const user = await createUser(t.db.base);
    const other = await createOrganization(t.db.base);
    const response = await t.gql(`{ viewer { user { id } } organization { id } }`, { as: user.id, org: other.slug });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ viewer: { user: { id: expect.any(String) } }, organization: null });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ['organization'], message: `You are not a member of organization "${other.slug}"`, extensions: { code: 'FORBIDDEN' } }),
    ]);
  });

  it('refuses an organization named with quotes and backslashes like any other it cannot find', async () => {
    const member = await createMember(t.db.base, (await createOrganization(t.db.base)).id, 'OWNER');
    const named = `x' OR true OR 'y\\' --`;
    const response = await t.gql(`{ organization { id } }`, { as: member.user.id, org: named });
    expect(response.body.data).toEqual({ organization: null });
    expect(response.body.errors?.[0]).toMatchObject({ message: `You are not a member of organization "${named}"`, extensions: { code: 'FORBIDDEN' } });
  });

  it('is null with FORBIDDEN when no organization is selected', async () => {
    const user = await createUser(t.db.base);
    const response = await t.gql(`{ viewer { memberships { role } } organization { id } }`, { as: user.id });
    expect(response.body.data).toEqual({ viewer: { memberships: [] }, organization: null });
    expect(response.body.errors?.[0]).toMatchObject({ path: ['organization'], message: 'Select an organization with the x-organization-id header' });
  });
});
