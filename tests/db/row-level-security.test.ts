import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { APP_ROLE, forTenant } from '../../src/db/tenant.js';
import { openTestDatabase } from '../support/database.js';
import { createApiKey, createExecution, createIntegration, createMember, createOrganization, createWorkflow } from '../support/factories.js';

/**
 * Row-level security on its own, below the API: what the database itself refuses. The tenant tables
 * are written out, with the writes the application role is granted at all, so that a new table with
 * "organizationId" fails here until it has policies, grants and a place in these tests.
 */
const TENANT_TABLES: Record<string, { update: boolean; delete: boolean }> = {
  organization_members: { update: true, delete: true }, // removeMember is the one delete the API makes
  workflows: { update: true, delete: false }, // archived, never deleted
  workflow_versions: { update: false, delete: false }, // a version never changes once written
  workflow_executions: { update: true, delete: false }, // history
  integrations: { update: true, delete: false }, // disconnected: the row stays, credentials erased
  api_keys: { update: true, delete: false }, // revoked, never deleted
  audit_log_entries: { update: false, delete: false }, // append-only
};
const tables = Object.keys(TENANT_TABLES);

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** Runs one statement through forTenant's transaction, as the application role with the tenant set. */
const asTenant = <T = unknown>(organizationId: string | null, sql: string, ...params: unknown[]) =>
  forTenant(db.base, { organizationId, userId: null }).transaction((tx) => tx.$queryRawUnsafe<T>(sql, ...params));

const countIn = async (organizationId: string | null, table: string, ownerId: string) =>
  (await asTenant<Array<{ n: number }>>(organizationId, `SELECT count(*)::int AS n FROM "${table}" WHERE "organizationId" = $1::uuid`, ownerId))[0].n;

/** Rows written through `sql` (UPDATE/DELETE … RETURNING 1), or the database's refusal. */
const touched = (organizationId: string, sql: string, ...params: unknown[]) =>
  asTenant<unknown[]>(organizationId, `${sql} RETURNING 1`, ...params).then((rows) => rows.length);

describe('the catalog', () => {
  it('lists exactly the expected tables with an organizationId column', async () => {
    const rows = await db.driver.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organizationId' ORDER BY 1`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([...tables].sort());
  });

  it('enables and forces RLS with a policy for every command on each tenant table, users and organizations', async () => {
    const rows = await db.driver.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; commands: string[] }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              coalesce(array_agg(p.polcmd::text ORDER BY p.polcmd) FILTER (WHERE p.polcmd IS NOT NULL), '{}') AS commands
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE n.nspname = 'public' AND c.relname = ANY($1)
        GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity`,
      [[...tables, 'users', 'organizations']],
    );
    expect(rows).toHaveLength(tables.length + 2);
    for (const row of rows) {
      // pg_policy.polcmd: r = SELECT, a = INSERT, w = UPDATE, d = DELETE
      expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity, commands: [...row.commands].sort() }).toEqual({
        table: row.relname,
        enabled: true,
        forced: true,
        commands: ['a', 'd', 'r', 'w'],
      });
    }
  });

  it('grants the application role exactly the writes listed above', async () => {
    for (const [table, grants] of Object.entries(TENANT_TABLES)) {
      const [row] = await db.driver.query<{ update: boolean; delete: boolean }>(
        `SELECT has_table_privilege($1, $2, 'UPDATE') AS update, has_table_privilege($1, $2, 'DELETE') AS delete`,
        [APP_ROLE, table],
      );
      expect({ table, ...row }).toEqual({ table, ...grants });
    }
  });

  it('gives the application role no way around RLS', async () => {
    const [role] = await db.driver.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
  });
});

describe('isolation under tenant settings', () => {
  /** Organization A, empty, and B with at least one row in every tenant table. */
  async function twoTenants() {
    const a = await createOrganization(db.base);
    const b = await createOrganization(db.base);
    const member = await createMember(db.base, b.id, 'OWNER');
    const workflow = await createWorkflow(db.base, b.id, { versions: 2 });
    await createExecution(db.base, workflow);
    await createIntegration(db.base, b.id, { credentials: { token: 'b' } });
    await createApiKey(db.base, b.id);
    await db.base.auditLogEntry.create({ data: { organizationId: b.id, action: 'x', resourceType: 'X', resourceId: '1' } });
    return { a, b, member };
  }

  it("hides B's rows from A in every tenant table, but not from B", async () => {
    const { a, b } = await twoTenants();
    for (const table of tables) {
      expect({ table, underA: await countIn(a.id, table, b.id), underB: (await countIn(b.id, table, b.id)) > 0 }).toEqual({ table, underA: 0, underB: true });
    }
    expect(await asTenant(a.id, `SELECT 1 FROM "organizations" WHERE "id" = $1::uuid`, b.id)).toHaveLength(0);
  });

  it('shows nothing at all without a tenant: neither with empty settings nor with none ever set', async () => {
    await twoTenants();
    for (const table of [...tables, 'organizations', 'users']) {
      const [{ n: emptySettings }] = await asTenant<Array<{ n: number }>>(null, `SELECT count(*)::int AS n FROM "${table}"`);
      const [{ n: roleOnly }] = await db.driver.transaction(async (sql) => {
        await sql.query(`SET LOCAL ROLE ${APP_ROLE}`);
        return sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
      });
      expect({ table, emptySettings, roleOnly }).toEqual({ table, emptySettings: 0, roleOnly: 0 });
    }
  });

  it("touches none of B's rows with A's updates and deletes, in every tenant table", async () => {
    const { a, b } = await twoTenants();
    for (const [table, grants] of Object.entries(TENANT_TABLES)) {
      const update = `UPDATE "${table}" SET "organizationId" = "organizationId" WHERE "organizationId" = $1::uuid`;
      const remove = `DELETE FROM "${table}" WHERE "organizationId" = $1::uuid`;
      if (grants.update) {
        expect({ table, underA: await touched(a.id, update, b.id) }).toEqual({ table, underA: 0 });
        expect(await touched(b.id, update, b.id)).toBeGreaterThan(0); // the statement itself does match B's rows
      } else {
        await expect(touched(a.id, update, b.id)).rejects.toThrow(/permission denied/);
      }
      if (grants.delete) expect({ table, underA: await touched(a.id, remove, b.id) }).toEqual({ table, underA: 0 });
      else await expect(touched(a.id, remove, b.id)).rejects.toThrow(/permission denied/);
      expect(await countIn(b.id, table, b.id)).toBeGreaterThan(0);
    }
    expect(await touched(a.id, `UPDATE "organizations" SET "name" = 'stolen' WHERE "id" = $1::uuid`, b.id)).toBe(0);
    // Not even its own organization: the API has no delete for it, so the role has no DELETE.
    await expect(touched(a.id, `DELETE FROM "organizations" WHERE "id" = $1::uuid`, a.id)).rejects.toThrow(/permission denied/);
  });

  it('refuses, in every tenant table, a copy of one of B’s rows inserted under A', async () => {
    const { a, b } = await twoTenants();
    for (const table of tables) {
      const [{ row }] = await db.driver.query<{ row: Record<string, unknown> }>(
        `SELECT row_to_json(t) AS row FROM "${table}" t WHERE "organizationId" = $1::uuid LIMIT 1`,
        [b.id],
      );
      const copy = JSON.stringify({ ...row, id: randomUUID() });
      const insert = `INSERT INTO "${table}" SELECT * FROM json_populate_record(NULL::"${table}", $1::json)`;
      await expect(touched(a.id, insert, copy)).rejects.toThrow(/row-level security/);
    }
  });

  it('shows a user only to themselves and to members of the active organization', async () => {
    const { a, b, member } = await twoTenants();
    const visibleTo = (organizationId: string | null, userId: string | null) =>
      forTenant(db.base, { organizationId, userId }).prisma.user.count({ where: { id: member.user.id } });
    expect(await visibleTo(a.id, null)).toBe(0);
    expect(await visibleTo(b.id, null)).toBe(1);
    expect(await visibleTo(null, member.user.id)).toBe(1);
  });
});

describe('the audit log', () => {
  it('cannot be updated or deleted by the application role, even in its own tenant', async () => {
    const org = await createOrganization(db.base);
    const entry = await db.base.auditLogEntry.create({ data: { organizationId: org.id, action: 'x', resourceType: 'X', resourceId: '1' } });
    const tenant = forTenant(db.base, { organizationId: org.id, userId: null }).prisma;
    await expect(tenant.auditLogEntry.update({ where: { id: entry.id }, data: { action: 'rewritten' } })).rejects.toThrow(/permission denied/);
    await expect(tenant.auditLogEntry.deleteMany({ where: { id: entry.id } })).rejects.toThrow(/permission denied/);
    expect(await db.base.auditLogEntry.findUnique({ where: { id: entry.id } })).toMatchObject({ action: 'x' });
  });
});
