import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../runtime/paths.js';
import type { Driver, SqlSession } from './driver.js';

/**
 * Applies migrations/ in order, each in its own transaction, and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does, so either tool can take over from the other.
 */

/** Any number that is ours alone: replicas starting together apply migrations one at a time. */
const MIGRATION_LOCK_KEY = 72_707_341;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

async function appliedMigrations(sql: SqlSession): Promise<Map<string, AppliedRow>> {
  const rows = await sql.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function assertUnchanged(migration: Migration, applied: AppliedRow): void {
  if (!applied.finished_at) {
    throw new MigrationError(`Migration ${migration.name} started earlier but never finished; resolve it by hand.`);
  }
  if (applied.checksum !== migration.checksum) {
    throw new MigrationError(
      `Migration ${migration.name} was changed after it was applied (checksum ${applied.checksum.slice(0, 12)}… ` +
        `recorded, ${migration.checksum.slice(0, 12)}… on disk). Never edit an applied migration: add a new one.`,
    );
  }
}

/** Applies one migration unless it is already recorded; true when it applied it. */
async function applyIfPending(driver: Driver, migration: Migration): Promise<boolean> {
  return driver.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = (await appliedMigrations(sql)).get(migration.name);
    if (applied) {
      assertUnchanged(migration, applied);
      return false;
    }
    await sql.exec(migration.sql);
    await sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    return true;
  });
}

/**
 * Applies what is pending, each migration in its own transaction, and returns the names applied;
 * running it again applies nothing. An advisory lock lets replicas that start together take turns.
 */
export async function migrate(driver: Driver, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await driver.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await sql.exec(CREATE_HISTORY_TABLE);
  });
  const appliedNow: string[] = [];
  for (const migration of all) {
    if (await applyIfPending(driver, migration)) appliedNow.push(migration.name);
  }
  return appliedNow;
}
