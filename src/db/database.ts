/**
 * src/db/: the database — driver (PGlite or node-postgres), Prisma client, tenant-scoped handle,
 * privileged paths, migrator, seed, the schema engine wrapper (drift) and audit/ (`flowgate db audit`'s
 * checks, one file per family, reading the live catalog). Imports config.ts and runtime/ (the seed borrows the integration module's credentials
 * cipher): it knows nothing of GraphQL or HTTP.
 */
import type { Config } from '../config.js';
import { createPrismaClient, type PrismaClient, type QueryEvent } from './client.js';
import { openDriver, type Driver, type OpenOptions } from './driver.js';
import { migrate, readMigrations } from './migrator.js';

export interface Database {
  driver: Driver;
  /** Bypasses row-level security: only tenant.ts and privileged.ts may use it. */
  base: PrismaClient;
  close(): Promise<void>;
}

export class PendingMigrationsError extends Error {}

async function assertMigrated(driver: Driver): Promise<void> {
  const expected = (await readMigrations()).map((migration) => migration.name);
  const applied = await driver
    .query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)
    .catch(() => []);
  const done = new Set(applied.map((row) => row.migration_name));
  const pending = expected.filter((name) => !done.has(name));
  if (pending.length > 0) {
    throw new PendingMigrationsError(`The database has ${pending.length} pending migration(s) (${pending.join(', ')}). Run: npm run migrate`);
  }
}

/**
 * Opens the database the configuration names. The embedded database migrates itself (it belongs to
 * this checkout; a tool joining a running gateway finds nothing left to apply); a real server is
 * migrated by `npm run migrate` as its own deployment step, and start-up refuses to run against one
 * that is behind.
 */
export async function openDatabase(
  database: Config['database'],
  options: OpenOptions & { onQuery?: (event: QueryEvent) => void } = {},
): Promise<Database> {
  const driver = await openDriver(database, options);
  try {
    if (driver.kind === 'embedded') await migrate(driver);
    else await assertMigrated(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const base = createPrismaClient(driver, options.onQuery);
  return {
    driver,
    base,
    async close() {
      await base.$disconnect();
      await driver.close();
    },
  };
}
