// `npm run db:check`: fails when schema.prisma and migrations/ disagree, printing the SQL that is missing.
// `npm run migrate:create -- <name>`: writes that SQL as a new migration folder.
// Both accept --schema and --migrations so tests can point them at a temporary copy.
//
// What schema.prisma cannot say: a composite tenant key's SET NULL must null only the reference
// column (PostgreSQL 15's `ON DELETE SET NULL ("col")`), never "organizationId". Prisma writes a plain
// SET NULL and its introspection ignores the column list, so the diff cannot tell them apart (no false
// drift either way). So `check` also applies migrations/ to an in-memory database and runs the audit's
// tenant-keys check on it: a plain SET NULL, or a tenant reference without "organizationId", fails here.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tenantKeysCheck } from '../src/db/audit/tenant-keys.js';
import { openDriver } from '../src/db/driver.js';
import { migrate, readMigrations } from '../src/db/migrator.js';
import { diffSql, readMigrationList, schemaTarget } from '../src/db/schema-engine.js';

const usage = `usage: migrations.ts check | create <name> [--schema schema.prisma] [--migrations migrations]`;

function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
}

/** The tenant-keys problems of a database built from `migrationsDir`, as lines to print. */
async function tenantKeyProblems(migrationsDir: string, schemaPath: string): Promise<string[]> {
  const driver = await openDriver({ poolSize: 1, embeddedDataDir: 'memory://', statementTimeoutMs: 60_000, acquireTimeoutMs: 5_000, preparedStatements: false });
  try {
    await migrate(driver, await readMigrations(migrationsDir));
    const result = await tenantKeysCheck.run({ driver, migrationsDir, schemaPath, lists: [] });
    return result.problems.map((problem) => `${problem.object}: ${problem.message}${problem.fix ? `\n${problem.fix}` : ''}`);
  } finally {
    await driver.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { schema: { type: 'string', default: 'schema.prisma' }, migrations: { type: 'string', default: 'migrations' } },
  });
  const [command, name] = positionals;
  if (command !== 'check' && command !== 'create') {
    console.error(usage);
    return 2;
  }
  const missing = await diffSql({ tag: 'migrations', ...(await readMigrationList(values.migrations)) }, await schemaTarget(values.schema));
  if (command === 'check') {
    if (missing.trim()) {
      console.error(`schema.prisma and migrations/ disagree. Missing SQL:\n\n${missing}\nRun: npm run migrate:create -- <name>`);
      return 1;
    }
    const keys = await tenantKeyProblems(values.migrations, values.schema);
    if (keys.length > 0) {
      console.error(`migrations/ matches schema.prisma, but its tenant keys are wrong:\n\n${keys.join('\n\n')}`);
      return 1;
    }
    console.log('migrations/ matches schema.prisma, and every tenant reference is a composite key');
    return 0;
  }
  if (!name) {
    console.error(usage);
    return 2;
  }
  if (!missing.trim()) {
    console.log('Nothing to do: migrations/ already matches schema.prisma');
    return 0;
  }
  const dir = path.join(values.migrations, migrationFolderName(name));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), missing);
  console.log(
    `Wrote ${path.join(dir, 'migration.sql')}. Add row-level security for any new tenant table beside it, and give a ` +
      `composite tenant key's ON DELETE SET NULL its column list (npm run db:check says which).`,
  );
  return 0;
}

// The WASM engine keeps the event loop alive, so exit explicitly.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
