// Prisma's CLI downloads a native schema engine that this environment cannot reach, so schema diffs
// run on Prisma's published WASM engine instead, with an in-memory PGlite as the shadow database.
// The WASM engine's API is internal to Prisma; this file is the only place that touches it.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';

const require = createRequire(import.meta.url);

/** The slice of the WebAssembly global used here (@types/node 20 does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };

async function loadEngine(): Promise<typeof SchemaEngine> {
  const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(await readFile(wasmPath));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': engineBindings as never });
  engineBindings.__wbg_set_wasm(instance.exports as never);
  (instance.exports.__wbindgen_start as () => void)();
  return engineBindings.SchemaEngine as unknown as typeof SchemaEngine;
}

export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const names = (await readdir(baseDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export async function schemaTarget(schemaPath: string): Promise<DiffTarget> {
  const content = await readFile(schemaPath, 'utf8');
  return { tag: 'schemaDatamodel', files: [{ path: schemaPath, content }] };
}

/** SQL that takes a database from `from` to `to`; an empty string when they agree. */
export async function diffSql(from: DiffTarget, to: DiffTarget): Promise<string> {
  const Engine = await loadEngine();
  const shadow = new PGlite();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(shadow));
  const engine = await Engine.new({ datamodels: undefined }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from,
      to,
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  } finally {
    engine.free();
    await shadow.close();
  }
}
