import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { APPLICATION_NAME } from '../../src/db/postgres-pool.js';
import { openTestDatabase } from '../support/database.js';
import { createOrganization } from '../support/factories.js';

/**
 * On PostgreSQL a transaction that only read answers its COMMIT at once and sends it with the
 * connection's next statement, or alone within milliseconds (src/db/postgres-pool.ts). What a user
 * could notice if that went wrong: a statement running inside someone else's finished transaction,
 * a lock or a write held after it was reported done, or a connection left inside a transaction.
 */
let db: Database;
let other: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  // Its own pool on PostgreSQL: connections db does not have. The embedded database is one session.
  other = db.driver.kind === 'postgres' ? await openTestDatabase() : db;
});
afterAll(async () => {
  await db.close();
  if (other !== db) await other.close();
});

const ORG_SETTING = "SELECT coalesce(current_setting('app.org_id', true), '') AS value, pg_backend_pid() AS backend";

describe('the COMMIT of a transaction that only read', () => {
  it('ends that transaction before the connection runs anything else', async () => {
    // Transaction-local settings, as a tenant session sets them. The pool lends the connection it
    // got back last, so the next statement runs on the same one (the backend pid says so).
    const inside = await db.driver.transaction(async (sql) => {
      await sql.query("SELECT set_config('app.org_id', 'tenant-a', true)");
      return (await sql.query<{ value: string; backend: number }>(ORG_SETTING))[0];
    });
    expect(inside.value).toBe('tenant-a');
    expect((await db.driver.query<{ value: string; backend: number }>(ORG_SETTING))[0]).toEqual({ value: '', backend: inside.backend });
  });

  it('is sent before anyone can tell: driver.committed() leaves no connection inside a transaction', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () => db.driver.transaction((sql) => sql.query('SELECT count(*) FROM "organizations"'))),
    );
    await db.driver.committed();
    // This process's connections only: other test files share the database.
    const [{ open }] = await other.driver.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state LIKE 'idle in transaction%'`,
      [APPLICATION_NAME],
    );
    expect(open).toBe(0);
  });
});

describe('a transaction that locked or wrote', () => {
  it('commits before it is reported done: its row lock is free at once', async () => {
    const organization = await createOrganization(db.base);
    await db.driver.transaction((sql) => sql.query('SELECT "id" FROM "organizations" WHERE "id" = $1::uuid FOR UPDATE', [organization.id]));
    // NOWAIT: a lock still held by a deferred COMMIT fails at once instead of waiting for it.
    const locked = await other.driver.transaction((sql) => sql.query('SELECT "id" FROM "organizations" WHERE "id" = $1::uuid FOR UPDATE NOWAIT', [organization.id]));
    expect(locked).toEqual([{ id: organization.id }]);
  });

  it('commits before it is reported done: its write is visible to another connection at once', async () => {
    const organization = await createOrganization(db.base);
    await db.driver.transaction((sql) => sql.query(`UPDATE "organizations" SET "name" = 'renamed' WHERE "id" = $1::uuid`, [organization.id]));
    const [row] = await other.driver.query<{ name: string }>('SELECT "name" FROM "organizations" WHERE "id" = $1::uuid', [organization.id]);
    expect(row.name).toBe('renamed');
  });
});
