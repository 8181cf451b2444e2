import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { openDriver, type Driver } from '../../src/db/driver.js';
import { migrate, type Migration } from '../../src/db/migrator.js';
import { createScratchDatabase } from './process.js';

/**
 * A database of its own for a test that changes it beyond what rows can: dropped policies, edited
 * roles, disabled keys. On PostgreSQL a scratch database on the suite's server; embedded, a PGlite
 * in a temporary directory (a whole cluster of its own, so even role changes stay inside it).
 * Each is reachable by a CLI process through `env`.
 */
export type DatabaseKind = 'embedded' | 'postgres';

/** The kind the suite runs on: PostgreSQL when DATABASE_URL is set. */
export const suiteKind: DatabaseKind = process.env.FLOWGATE_TEST_DATABASE_URL ? 'postgres' : 'embedded';

export interface OwnDatabase {
  env: Record<string, string>;
  /** Runs `fn` on the database as its superuser, then closes the connection (a PGlite serves one process). */
  withDriver<T>(fn: (driver: Driver) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

const SETTINGS = { poolSize: 1, statementTimeoutMs: 30_000, acquireTimeoutMs: 5_000, preparedStatements: false };

async function create(kind: DatabaseKind): Promise<{ database: Config['database']; env: Record<string, string>; drop: () => Promise<void> }> {
  if (kind === 'postgres') {
    const scratch = await createScratchDatabase();
    return { database: { ...SETTINGS, url: scratch.url, embeddedDataDir: '' }, env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'flowgate-own-db-'));
  const embeddedDataDir = path.join(dir, 'data');
  return { database: { ...SETTINGS, embeddedDataDir }, env: { EMBEDDED_DATA_DIR: embeddedDataDir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

function opener(database: Config['database']) {
  return async <T>(fn: (driver: Driver) => Promise<T>) => {
    const driver = await openDriver(database);
    try {
      return await fn(driver);
    } finally {
      await driver.close();
    }
  };
}

/** Migrating a PGlite directory takes seconds: do it once per test file and copy the files after. */
let embeddedTemplate: Promise<{ dir: string; drop: () => Promise<void> }> | undefined;
function migratedEmbeddedTemplate(): Promise<string> {
  embeddedTemplate ??= create('embedded').then(async ({ database, drop }) => {
    await opener(database)((driver) => migrate(driver));
    return { dir: database.embeddedDataDir, drop };
  });
  return embeddedTemplate.then((template) => template.dir);
}

/** For afterAll of a file that used migratedDatabase('embedded'). */
export async function dropEmbeddedTemplate(): Promise<void> {
  await (await embeddedTemplate)?.drop();
  embeddedTemplate = undefined;
}

/** A new database with `migrations` applied (all of migrations/ by default). */
export async function migratedDatabase(kind: DatabaseKind = suiteKind, migrations?: Migration[]): Promise<OwnDatabase> {
  const { database, env, drop } = await create(kind);
  const withDriver = opener(database);
  if (kind === 'embedded' && !migrations) await cp(await migratedEmbeddedTemplate(), database.embeddedDataDir, { recursive: true });
  else await withDriver((driver) => migrate(driver, migrations));
  return { env, withDriver, drop };
}
