// Prisma's CLI downloads a native schema engine that this environment cannot reach, so schema diffs
// run on Prisma's published WASM engine instead, with an in-memory PGlite as the shadow database.
// The WASM engine's API is internal to Prisma; this file is the only place that touches it.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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

export async function schemaTarget(schemaPath: string): Promise<DiffTarget & { tag: 'schemaDatamodel' }> {
  const content = await readFile(schemaPath, 'utf8');
  return { tag: 'schemaDatamodel', files: [{ path: schemaPath, content }] };
}

async function diffWith(adapter: SqlMigrationAwareDriverAdapterFactory, from: DiffTarget, to: DiffTarget): Promise<string> {
  const Engine = await loadEngine();
  const engine = await Engine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter));
  try {
    const result = await engine.diff({ from, to, script: true, exitCode: true, filters: { externalTables: [], externalEnums: [] } });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  } finally {
    engine.free();
  }
}

/** SQL that takes a database from `from` to `to`; an empty string when they agree. */
export async function diffSql(from: DiffTarget, to: DiffTarget): Promise<string> {
  const shadow = new PGlite();
  try {
    return await diffWith(new PrismaPGlite(shadow), from, to);
  } finally {
    await shadow.close();
  }
}

/**
 * SQL that takes the live database behind `adapter` to schema.prisma: drift. The engine introspects
 * tables, columns, keys and indexes, never policies, triggers or grants (the audit checks those), and
 * ignores its own _prisma_migrations table.
 */
async function diffLiveDatabase(adapter: SqlMigrationAwareDriverAdapterFactory, schemaPath: string): Promise<string> {
  const schema = await schemaTarget(schemaPath);
  const live: DiffTarget = { tag: 'schemaDatasource', files: schema.files, configDir: path.dirname(schemaPath) };
  return diffWith(adapter, live, schema);
}

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The engine's introspection reads catalog columns of type "char" (relkind, confdeltype…), which
 * adapter-pg refuses ("Column type 'char' could not be deserialized"). pg already returns them as
 * strings; relabelling them as text on the way to the adapter is all it takes.
 */
function introspectionPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 1 });
  const query = pool.query.bind(pool) as (config: unknown) => Promise<pg.QueryResult>;
  Object.assign(pool, {
    query: async (config: unknown) => {
      const result = await query(config);
      for (const field of result.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
      // PostgreSQL 18 (PGlite) lists NOT NULL as constraints (type 'n'), which the engine's describer
      // does not know and panics on; it reads nullability from the columns anyway.
      const at = (result.fields ?? []).findIndex((field) => field.name === 'constraint_type');
      if (at >= 0) result.rows = result.rows.filter((row: unknown[]) => row[at] !== 'n');
      return result;
    },
  });
  return pool;
}

/** Drift of a PostgreSQL server's database (see diffLiveDatabase). */
export async function diffLivePostgres(connectionString: string, schemaPath: string): Promise<string> {
  const pool = introspectionPool(connectionString);
  try {
    return await diffLiveDatabase(new PrismaPg(pool), schemaPath);
  } finally {
    await pool.end();
  }
}
