import { readMigrations } from '../migrator.js';
import { verdict, type Check, type Problem } from './check.js';

/**
 * The live history (_prisma_migrations) against migrations/: what is applied, what is pending, what
 * started and never finished, and what was edited after it was applied.
 */

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function history(ctx: Parameters<Check['run']>[0]): Promise<HistoryRow[] | null> {
  const [{ present }] = await ctx.driver.query<{ present: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
  if (!present) return null;
  return ctx.driver.query<HistoryRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
}

export const migrationsCheck: Check = {
  name: 'migrations',
  async run(ctx) {
    const onDisk = await readMigrations(ctx.migrationsDir);
    const rows = ((await history(ctx)) ?? []).filter((row) => row.rolled_back_at === null);
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));
    const known = new Set(onDisk.map((migration) => migration.name));
    const problems: Problem[] = [];
    const applied: string[] = [];
    const pending: string[] = [];
    for (const migration of onDisk) {
      const row = recorded.get(migration.name);
      if (!row) {
        pending.push(migration.name);
        problems.push({ object: migration.name, message: 'pending: not applied to this database', fix: 'npm run migrate' });
      } else if (!row.finished_at) {
        problems.push({ object: migration.name, message: 'failed: started but never finished; inspect the database, then fix or roll the migration back by hand' });
      } else if (row.checksum !== migration.checksum) {
        problems.push({ object: migration.name, message: `checksum changed since it was applied (${row.checksum.slice(0, 12)}… recorded, ${migration.checksum.slice(0, 12)}… on disk): restore the file and add a new migration instead` });
      } else applied.push(migration.name);
    }
    for (const row of rows.filter((r) => !known.has(r.migration_name))) {
      problems.push({ object: row.migration_name, message: 'applied to this database but missing from migrations/: the database is ahead of this code' });
    }
    return verdict('migrations', problems, `${applied.length} applied, none pending`, { applied, pending });
  },
};
