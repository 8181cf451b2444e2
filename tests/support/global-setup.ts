import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * With DATABASE_URL set, the suite runs on that server in a database of its own, created and migrated
 * here, once, before any worker starts, and dropped in global-teardown.ts. Without it, each test file
 * opens an in-memory PGlite. jest loads this file outside its module system, where our `.js` imports
 * of TypeScript files do not resolve: hence plain `pg`, and `npm run migrate`'s script as a child process.
 */
export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Said, not silent: jest.config.js leaves tests/topology/ out of the embedded run.
    process.stdout.write('\nEmbedded run: tests/topology/ (PgBouncer, standbys, restarts) runs only with DATABASE_URL set.\n');
    return;
  }
  const name = `flowgate_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const tsx = path.join(globalConfig.rootDir, 'node_modules', '.bin', 'tsx');
    await run(tsx, ['src/cli/migrate.ts'], { cwd: globalConfig.rootDir, env: { ...process.env, DATABASE_URL: url.toString() } }).catch(
      async (error: { stdout?: string; stderr?: string }) => {
        // jest skips the teardown when the setup fails: drop the database here.
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        throw new Error(`Migrating the test database ${name} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      },
    );
  } finally {
    await admin.end();
  }
  process.env.FLOWGATE_TEST_DATABASE_URL = url.toString();
  process.env.FLOWGATE_TEST_DATABASE_NAME = name;
}
