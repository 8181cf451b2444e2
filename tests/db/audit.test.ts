import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditReport } from '../../src/db/audit/run-audit.js';
import { readMigrations } from '../../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../../src/runtime/paths.js';
import { dropEmbeddedTemplate, migratedDatabase, suiteKind, type DatabaseKind, type OwnDatabase } from '../support/migrated-database.js';
import { runTsx } from '../support/process.js';

/**
 * `flowgate db audit` as a real process against a database of its own: all checks pass on a freshly
 * migrated one, and each defect made on purpose fails exactly the check that names it (exit 1).
 */

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'flowgate-audit-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await dropEmbeddedTemplate();
});

const audit = (env: Record<string, string>, ...args: string[]) => runTsx('src/cli/flowgate.ts', ['db', 'audit', ...args], { LOG_LEVEL: 'silent', ...env });

async function withDatabase<T>(kind: DatabaseKind, fn: (db: OwnDatabase) => Promise<T>): Promise<T> {
  const db = await migratedDatabase(kind);
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

async function jsonAudit(db: OwnDatabase, ...args: string[]) {
  const result = await audit(db.env, '--json', ...args);
  const report = JSON.parse(result.stdout) as AuditReport;
  return { code: result.code, report, failed: report.checks.filter((check) => check.status === 'fail').map((check) => check.name) };
}

describe('flowgate db audit', () => {
  it('passes every check on a freshly migrated database, and writes the Markdown report', async () => {
    await withDatabase(suiteKind, async (db) => {
      const markdown = path.join(scratch, 'fresh.md');
      const { code, report } = await jsonAudit(db, '--markdown', markdown);
      expect(report.checks.map((check) => [check.name, check.status])).toEqual(
        ['migrations', 'drift', 'row-level-security', 'roles-and-grants', 'tenant-keys', 'indexes', 'triggers', 'conventions', 'data'].map((name) => [name, 'pass']),
      );
      expect({ code, ok: report.ok, kind: report.database.kind }).toEqual({ code: 0, ok: true, kind: suiteKind });
      expect(await readFile(markdown, 'utf8')).toContain('| row-level-security | PASS |');
    });
  }, 180_000);

  const GLOBEX = '00000000-0000-4000-8000-00000000000b';
  const ACME = '00000000-0000-4000-8000-00000000000a';
  const CROSS_TENANT_LINK = `
    INSERT INTO organizations (id, name, slug, "updatedAt") VALUES ('${ACME}', 'a', 'a', now()), ('${GLOBEX}', 'g', 'g', now());
    INSERT INTO workflows (id, "organizationId", name, "updatedAt") VALUES ('00000000-0000-4000-8000-0000000000f1', '${GLOBEX}', 'w', now());
    INSERT INTO workflow_versions (id, "organizationId", "workflowId", version, definition)
      VALUES ('00000000-0000-4000-8000-0000000000f2', '${GLOBEX}', '00000000-0000-4000-8000-0000000000f1', 1, '{}');
    ALTER TABLE workflow_executions DISABLE TRIGGER ALL;
    INSERT INTO workflow_executions (id, "organizationId", "workflowId", "versionId", trigger, "updatedAt")
      VALUES ('00000000-0000-4000-8000-0000000000e1', '${ACME}', '00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2', 'MANUAL', now());
    ALTER TABLE workflow_executions ENABLE TRIGGER ALL;`;

  /** Each defect, the checks it must fail (and no other), and the object the report must name. */
  const DEFECTS: Array<{ defect: string; sql: string; kind?: DatabaseKind; failed: string[]; object: string; fix?: string }> = [
    { defect: 'RLS not forced on one table', sql: 'ALTER TABLE "workflows" NO FORCE ROW LEVEL SECURITY', failed: ['row-level-security'], object: 'workflows', fix: 'ALTER TABLE "workflows" FORCE ROW LEVEL SECURITY;' },
    { defect: 'one policy dropped', sql: 'DROP POLICY "integrations_update" ON "integrations"', failed: ['row-level-security'], object: 'integrations UPDATE', fix: 'CREATE POLICY "integrations_update" ON "integrations" FOR UPDATE' },
    // Roles are cluster-wide on PostgreSQL: only the embedded database, a cluster of its own, may change one.
    { defect: 'the app role given BYPASSRLS', sql: 'ALTER ROLE flowgate_app BYPASSRLS', kind: 'embedded', failed: ['roles-and-grants'], object: 'flowgate_app', fix: 'ALTER ROLE flowgate_app NOBYPASSRLS;' },
    { defect: 'an FK index dropped', sql: 'DROP INDEX "workflow_executions_organizationId_versionId_idx"', failed: ['drift', 'indexes'], object: 'workflow_executions.workflow_executions_organizationId_versionId_fkey', fix: '("organizationId", "versionId")' },
    // The ordering comes from the schema (Organization.executions' orderBy), not from a list kept by hand.
    { defect: 'an index serving an offered ordering dropped', sql: 'DROP INDEX "workflow_executions_organizationId_finishedAt_id_idx"', failed: ['drift', 'indexes'], object: 'workflow_executions for Organization.executions orderBy [FINISHED_AT_DESC]', fix: 'ON "workflow_executions" ("organizationId", "finishedAt" DESC, "id" DESC)' },
    { defect: 'an updatedAt trigger dropped', sql: 'DROP TRIGGER "api_keys_touch_updated_at" ON "api_keys"', failed: ['triggers'], object: 'api_keys', fix: 'CREATE TRIGGER "api_keys_touch_updated_at"' },
    { defect: 'a column added by hand', sql: 'ALTER TABLE "workflows" ADD COLUMN "handAdded" TEXT', failed: ['drift'], object: 'AlterTable workflows', fix: 'ALTER TABLE "workflows" DROP COLUMN "handAdded";' },
    { defect: 'a cross-tenant link inserted with the constraint disabled', sql: CROSS_TENANT_LINK, failed: ['data'], object: 'workflow_executions 00000000-0000-4000-8000-0000000000e1', fix: 'DELETE FROM "workflow_executions"' },
  ];

  it.each(DEFECTS)('fails "$failed" for $defect, naming the object and the fix (exit 1)', async ({ sql, kind, failed, object, fix }) => {
    await withDatabase(kind ?? suiteKind, async (db) => {
      await db.withDriver((driver) => driver.transaction((tx) => tx.exec(sql)));
      const result = await jsonAudit(db);
      expect({ code: result.code, failed: result.failed }).toEqual({ code: 1, failed });
      const problems = result.report.checks.filter((check) => check.status === 'fail').flatMap((check) => check.problems);
      expect(problems.find((problem) => problem.object === object)?.fix ?? `no problem named ${object}`).toContain(fix);
    });
  }, 180_000);

  it('fails "migrations" for an applied migration whose file was edited, naming it, in text output', async () => {
    await withDatabase(suiteKind, async (db) => {
      const copy = path.join(scratch, 'edited-migrations');
      await cp(MIGRATIONS_DIR, copy, { recursive: true });
      const [first] = await readMigrations(copy);
      await writeFile(path.join(copy, first.name, 'migration.sql'), `${first.sql}\n-- an edit after the fact\n`);
      const result = await audit(db.env, '--migrations', copy);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`FAIL  migrations .*\\n\\s+- ${first.name}: checksum changed since it was applied`));
      expect(result.stdout.match(/^FAIL/gm)).toHaveLength(1);
    });
  }, 180_000);

  it('exits 2 for a usage mistake and for a database it cannot reach', async () => {
    const unreachable = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };
    const usage = await runTsx('src/cli/flowgate.ts', ['db', 'vacuum'], unreachable);
    expect({ code: usage.code, stderr: usage.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('unknown db command: vacuum') });
    expect((await audit(unreachable, '--colour')).code).toBe(2);
    const away = await audit(unreachable);
    expect({ code: away.code, stderr: away.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('ECONNREFUSED') });
  }, 60_000);
});
