import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantReferences, type ForeignKey } from '../../src/db/audit/catalog.js';
import type { Database } from '../../src/db/database.js';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { forTenant } from '../../src/db/tenant.js';
import { openTestDatabase } from '../support/database.js';
import { migratedDatabase } from '../support/migrated-database.js';
import { createApiKey, createExecution, createOrganization, createWorkflow, unique } from '../support/factories.js';

/**
 * Composite tenant keys, below the API: for every reference between two tenant tables (read from the
 * live catalog, so a new one is covered the day it is added), a row of tenant A can neither be
 * inserted nor updated to point at tenant B's row. Each refusal has a control: the same statement
 * pointing at A's own row succeeds, so the refusal is the tenant key's and nothing else's.
 */

let db: Database;
let references: ForeignKey[];
beforeAll(async () => {
  db = await openTestDatabase();
  references = await tenantReferences(db.driver);
});
afterAll(() => db.close());

/** An organization with a row in every table that references or is referenced by another tenant table. */
async function populatedTenant() {
  const organization = await createOrganization(db.base);
  const workflow = await createWorkflow(db.base, organization.id, { versions: 2 });
  const { apiKey } = await createApiKey(db.base, organization.id);
  const execution = await createExecution(db.base, workflow);
  await db.base.workflowExecution.update({ where: { id: execution.id }, data: { triggeredByApiKeyId: apiKey.id } });
  await db.base.auditLogEntry.create({ data: { organizationId: organization.id, actorApiKeyId: apiKey.id, action: 'x', resourceType: 'X', resourceId: '1' } });
  // A second workflow without versions, so that a control insert of a version has a free slot.
  await createWorkflow(db.base, organization.id, { versions: 0 });
  return organization.id;
}

const refOf = (fk: ForeignKey) => fk.columns.filter((column) => column !== 'organizationId')[0];

/** A parent row of `organizationId`, preferring one nothing references yet (1:1 references are unique). */
async function parentIn(fk: ForeignKey, organizationId: string): Promise<string> {
  const [row] = await db.driver.query<{ id: string }>(
    `SELECT p.id::text FROM "${fk.parent}" p WHERE p."organizationId" = $1::uuid
      ORDER BY EXISTS (SELECT 1 FROM "${fk.table}" c WHERE c."${refOf(fk)}" = p.id), p.id LIMIT 1`,
    [organizationId],
  );
  return row.id;
}

/** A copy of one of A's child rows with a new id, pointing at `parentId`; unique columns made unique. */
async function copyOf(fk: ForeignKey, organizationId: string, parentId: string): Promise<string> {
  const [{ row }] = await db.driver.query<{ row: Record<string, unknown> }>(
    `SELECT row_to_json(t) AS row FROM "${fk.table}" t WHERE "organizationId" = $1::uuid AND "${refOf(fk)}" IS NOT NULL LIMIT 1`,
    [organizationId],
  );
  const unique_ = { ...('name' in row ? { name: unique('copy') } : {}), ...('idempotencyKey' in row ? { idempotencyKey: null } : {}), ...('version' in row ? { version: 99 } : {}) };
  return JSON.stringify({ ...row, ...unique_, id: randomUUID(), [refOf(fk)]: parentId });
}

const asTenant = (organizationId: string, sql: string, ...params: unknown[]) =>
  forTenant(db.base, { organizationId, userId: null }).transaction((tx) => tx.$executeRawUnsafe(sql, ...params));

const insertSql = (table: string) => `INSERT INTO "${table}" SELECT * FROM json_populate_record(NULL::"${table}", $1::json)`;
const updateSql = (fk: ForeignKey) => `UPDATE "${fk.table}" SET "${refOf(fk)}" = $1::uuid WHERE id = (SELECT id FROM "${fk.table}" WHERE "organizationId" = $2::uuid AND "${refOf(fk)}" IS NOT NULL LIMIT 1)`;
const FOREIGN_KEY = /foreign key|23503/i;

describe('composite tenant keys', () => {
  it('cover every reference between tenant tables', () => {
    expect(references.map((fk) => `${fk.table}.${refOf(fk)} -> ${fk.parent}`).sort()).toEqual([
      'audit_log_entries.actorApiKeyId -> api_keys',
      'workflow_executions.triggeredByApiKeyId -> api_keys',
      'workflow_executions.versionId -> workflow_versions',
      'workflow_executions.workflowId -> workflows',
      'workflow_versions.workflowId -> workflows',
      'workflows.currentVersionId -> workflow_versions',
    ]);
    for (const fk of references) expect({ fk: fk.name, columns: fk.columns[0], parent: fk.parentColumns[0] }).toEqual({ fk: fk.name, columns: 'organizationId', parent: 'organizationId' });
  });

  it("refuse, for each reference, an INSERT by tenant A that points at tenant B's row", async () => {
    const [a, b] = [await populatedTenant(), await populatedTenant()];
    for (const fk of references) {
      const foreign = asTenant(a, insertSql(fk.table), await copyOf(fk, a, await parentIn(fk, b)));
      await expect(foreign.then(() => `${fk.name}: inserted`)).rejects.toThrow(FOREIGN_KEY);
      expect({ fk: fk.name, own: await asTenant(a, insertSql(fk.table), await copyOf(fk, a, await parentIn(fk, a))) }).toEqual({ fk: fk.name, own: 1 });
    }
  });

  it("refuse, for each reference, an UPDATE that repoints A's row at B's, even by the login role that bypasses RLS", async () => {
    const [a, b] = [await populatedTenant(), await populatedTenant()];
    for (const fk of references) {
      const foreign = db.driver.query(updateSql(fk), [await parentIn(fk, b), a]);
      await expect(foreign.then(() => `${fk.name}: updated`)).rejects.toThrow(FOREIGN_KEY);
      // Under the tenant it is refused too: by the key, or earlier by a missing UPDATE grant.
      await expect(asTenant(a, updateSql(fk), await parentIn(fk, b), a)).rejects.toThrow(/foreign key|23503|permission denied/i);
      expect({ fk: fk.name, own: (await db.driver.query(`${updateSql(fk)} RETURNING 1`, [await parentIn(fk, a), a])).length }).toEqual({ fk: fk.name, own: 1 });
    }
  });
});

describe('ON DELETE SET NULL through a composite key', () => {
  it('clears only the reference column, never organizationId', async () => {
    const organizationId = await populatedTenant();
    // The login role deletes: the application role may not (API keys are revoked, versions kept).
    await db.driver.query(`DELETE FROM "api_keys" WHERE "organizationId" = $1::uuid`, [organizationId]);
    const workflow = await createWorkflow(db.base, organizationId, { versions: 2 });
    await db.driver.query(`DELETE FROM "workflow_versions" WHERE id = $1::uuid`, [workflow.currentVersionId]);
    const rows = await db.driver.query<{ source: string; org: string; ref: string | null }>(
      `SELECT 'execution' AS source, "organizationId"::text AS org, "triggeredByApiKeyId"::text AS ref FROM "workflow_executions" WHERE "organizationId" = $1::uuid
       UNION ALL SELECT 'audit', "organizationId"::text, "actorApiKeyId"::text FROM "audit_log_entries" WHERE "organizationId" = $1::uuid
       UNION ALL SELECT 'workflow', "organizationId"::text, "currentVersionId"::text FROM "workflows" WHERE id = $2::uuid`,
      [organizationId, workflow.id],
    );
    expect(rows.sort((x, y) => x.source.localeCompare(y.source))).toEqual([
      { source: 'audit', org: organizationId, ref: null },
      { source: 'execution', org: organizationId, ref: null },
      { source: 'workflow', org: organizationId, ref: null },
    ]);
  });
});

describe('the migration that adds them', () => {
  it('stops on data that already links tenants, naming each offending row, and changes nothing', async () => {
    const migrations = await readMigrations();
    const at = migrations.findIndex((migration) => migration.name.endsWith('_composite_tenant_keys'));
    const own = await migratedDatabase(undefined, migrations.slice(0, at));
    try {
      const [a, b, workflow, version, execution] = Array.from({ length: 5 }, () => randomUUID());
      const link = `INSERT INTO organizations (id, name, slug, "updatedAt") VALUES ('${a}', 'a', 'a', now()), ('${b}', 'b', 'b', now());
        INSERT INTO workflows (id, "organizationId", name, "updatedAt") VALUES ('${workflow}', '${b}', 'w', now());
        INSERT INTO workflow_versions (id, "organizationId", "workflowId", version, definition) VALUES ('${version}', '${b}', '${workflow}', 1, '{}');
        INSERT INTO workflow_executions (id, "organizationId", "workflowId", "versionId", trigger, "updatedAt") VALUES ('${execution}', '${a}', '${workflow}', '${version}', 'MANUAL', now());`;
      await own.withDriver(async (driver) => {
        await driver.transaction((sql) => sql.exec(link));
        const message = await migrate(driver, migrations).then(() => 'migrated', (error: Error) => error.message);
        expect(message).toContain('Cross-tenant links exist');
        expect(message).toContain(`workflow_executions ${execution} (organization ${a}) -> workflows ${workflow} (organization ${b}) via workflowId`);
        expect(message).toContain(`workflow_executions ${execution} (organization ${a}) -> workflow_versions ${version} (organization ${b}) via versionId`);
        const recorded = await driver.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [migrations[at].name]);
        expect(recorded).toHaveLength(0);
      });
    } finally {
      await own.drop();
    }
  }, 120_000);
});
