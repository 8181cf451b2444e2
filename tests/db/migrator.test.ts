import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { openDriver } from '../../src/db/driver.js';
import { migrate, MigrationError, readMigrations } from '../../src/db/migrator.js';
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../../src/runtime/paths.js';
import { openTestDatabase } from '../support/database.js';

const run = promisify(execFile);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'flowgate-migrations-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the migrator', () => {
  it('applies every migration to a fresh database once, and nothing the second time', async () => {
    // Always embedded: on PostgreSQL, global-setup.ts has just done the same through `npm run migrate`.
    const driver = await openDriver({ poolSize: 1, embeddedDataDir: 'memory://', statementTimeoutMs: 30_000, acquireTimeoutMs: 5_000, preparedStatements: true });
    try {
      const names = (await readMigrations()).map((migration) => migration.name);
      expect(await migrate(driver)).toEqual(names);
      expect(await migrate(driver)).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});

describe('the migrator on the test database (PostgreSQL when DATABASE_URL is set)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('has recorded every migration as prisma migrate deploy does, and applies nothing more', async () => {
    const migrations = await readMigrations();
    const rows = await db.driver.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map(({ migration_name, checksum, applied_steps_count }) => ({ migration_name, checksum, applied_steps_count }))).toEqual(
      migrations.map((migration) => ({ migration_name: migration.name, checksum: migration.checksum, applied_steps_count: 1 })),
    );
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    expect(await migrate(db.driver)).toEqual([]);
  });

  it('stops with a clear message when an applied migration was edited on disk', async () => {
    const copy = path.join(scratch, 'edited-migrations');
    await cp(MIGRATIONS_DIR, copy, { recursive: true });
    const [first] = await readMigrations(copy);
    await writeFile(path.join(copy, first.name, 'migration.sql'), `${first.sql}\n-- an edit after the fact\n`);
    const edited = await readMigrations(copy);
    await expect(migrate(db.driver, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(db.driver, edited)).rejects.toThrow(new RegExp(`Migration ${first.name} was changed after it was applied`));
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    const broken = { name: '99999999999999_broken', sql: 'CREATE TABLE "half_applied" (id int); SELECT no_such_function();', checksum: 'a'.repeat(64) };
    await expect(migrate(db.driver, [...(await readMigrations()), broken])).rejects.toThrow(/no_such_function/);
    const [{ exists }] = await db.driver.query<{ exists: boolean }>(`SELECT to_regclass('public.half_applied') IS NOT NULL AS exists`);
    expect(exists).toBe(false);
    expect(await db.driver.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken.name])).toHaveLength(0);
  });
});

describe('the drift check', () => {
  const check = (schema: string, migrations = MIGRATIONS_DIR) =>
    run('npx', ['tsx', 'scripts/migrations.ts', 'check', '--schema', schema, '--migrations', migrations], { cwd: PROJECT_ROOT }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );

  it('passes for the committed schema and migrations', async () => {
    expect(await check(path.join(PROJECT_ROOT, 'schema.prisma'))).toMatchObject({ code: 0 });
  }, 180_000);

  it('fails and prints the missing SQL when schema.prisma gains a field that no migration adds', async () => {
    const schema = path.join(scratch, 'schema.prisma');
    await cp(path.join(PROJECT_ROOT, 'schema.prisma'), schema);
    const text = await readFile(schema, 'utf8');
    await writeFile(schema, text.replace('  slug      String   @unique\n', '  slug      String   @unique\n  timezone  String   @default("UTC")\n'));
    const result = await check(schema);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/ALTER TABLE "organizations" ADD COLUMN\s+"timezone" TEXT NOT NULL DEFAULT 'UTC'/);
  }, 180_000);

  it("fails when a composite tenant key's SET NULL would clear organizationId, which schema.prisma cannot tell", async () => {
    const copy = path.join(scratch, 'plain-set-null');
    await cp(MIGRATIONS_DIR, copy, { recursive: true });
    const composite = (await readMigrations(copy)).find((migration) => migration.name.endsWith('_composite_tenant_keys'))!;
    await writeFile(path.join(copy, composite.name, 'migration.sql'), composite.sql.replace('ON DELETE SET NULL ("currentVersionId")', 'ON DELETE SET NULL'));
    const result = await check(path.join(PROJECT_ROOT, 'schema.prisma'), copy);
    expect(result.code).toBe(1);
    expect(result.output).toContain('workflows.workflows_organizationId_currentVersionId_fkey: FOREIGN KEY ("organizationId", "currentVersionId")');
    expect(result.output).toContain('ON DELETE SET NULL would also clear "organizationId"');
  }, 180_000);
});
