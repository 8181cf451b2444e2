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

/** The database could not be reached or refused the connection: said as such, never as something else. */
export class DatabaseConnectionError extends Error {}

/** SQLSTATE 42P01: no `_prisma_migrations` table yet, i.e. nothing was ever applied. */
const UNDEFINED_TABLE = '42P01';

/**
 * A failure to open or keep a connection: a network error (no SQLSTATE), or SQLSTATE class 08
 * (connection; PgBouncer's "unsupported startup parameter" is 08P01), 28 (authentication), 53
 * (too many connections) or 57 (server shutting down or starting).
 */
const isConnectionFailure = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || /^(08|28|53|57)/.test(code);
};

function describeConnectionFailure(url: string, error: unknown): DatabaseConnectionError {
  const where = new URL(url);
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseConnectionError(
    `Could not connect to the database at ${where.hostname}:${where.port || 5432}${where.pathname} (${reason}). ` +
      'Check DATABASE_URL, that the server (or pooler) is up, and that it accepts this connection.',
  );
}

async function appliedMigrationNames(driver: Driver): Promise<string[]> {
  try {
    const rows = await driver.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    return rows.map((row) => row.migration_name);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
    throw isConnectionFailure(error) ? describeConnectionFailure(driver.url, error) : error;
  }
}

async function assertMigrated(driver: Driver): Promise<void> {
  const expected = (await readMigrations()).map((migration) => migration.name);
  const applied = await appliedMigrationNames(driver);
  const done = new Set(applied);
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
