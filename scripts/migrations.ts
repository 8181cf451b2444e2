// `npm run db:check`: fails when schema.prisma and migrations/ disagree, printing the SQL that is missing.
// `npm run migrate:create -- <name>`: writes that SQL as a new migration folder.
// Both accept --schema and --migrations so tests can point them at a temporary copy.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffSql, readMigrationList, schemaTarget } from '../src/db/schema-engine.js';

const usage = `usage: migrations.ts check | create <name> [--schema schema.prisma] [--migrations migrations]`;

function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
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
    if (!missing.trim()) {
      console.log('migrations/ matches schema.prisma');
      return 0;
    }
    console.error(`schema.prisma and migrations/ disagree. Missing SQL:\n\n${missing}\nRun: npm run migrate:create -- <name>`);
    return 1;
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
  console.log(`Wrote ${path.join(dir, 'migration.sql')}. Add row-level security for any new tenant table beside it.`);
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
