import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runTsx, startGatewayProcess } from '../support/process.js';

/**
 * `npm start` seeds the embedded database's demo data once: what a user renamed or deleted stays so
 * across restarts, and `npm run seed` writes the demo data again when asked to.
 */

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowgate-seed-once-'));
  env = { EMBEDDED_DATA_DIR: path.join(dir, 'data'), JWT_SECRET: 'seed-once-test-secret-long-enough-0123456789', LOG_LEVEL: 'info' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEMO_STATE = `SELECT
  (SELECT string_agg(w.name, ',' ORDER BY w.name) FROM workflows w JOIN organizations o ON o.id = w."organizationId" WHERE o.slug = 'acme' AND w.name LIKE 'Welcome%') AS welcome,
  (SELECT count(*)::int FROM organization_members m JOIN users u ON u.id = m."userId" WHERE u.email = 'viewer@acme.test') AS "viewerMemberships"`;

/** Runs SQL on a running gateway's embedded database, through the address it publishes. */
async function onGatewayDatabase<T>(sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: readFileSync(`${env.EMBEDDED_DATA_DIR}.url`, 'utf8').trim() });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

/** Runs `fn` while a gateway serves the data directory, handing it the banner the gateway printed. */
async function withGateway<T>(fn: (banner: string) => Promise<T>): Promise<T> {
  const gateway = await startGatewayProcess(env, 300_000);
  try {
    await gateway.printed(/\nTry it:/);
    return await fn(gateway.output());
  } finally {
    expect(await gateway.stop('SIGTERM')).toBe(0);
  }
}

describe('the demo seed at start-up', () => {
  it('runs once per database: renamed and deleted demo rows stay so after a restart, and npm run seed brings them back', async () => {
    await withGateway(async (banner) => {
      expect(banner).toContain('viewer@acme.test (VIEWER in acme)');
      expect(await onGatewayDatabase(DEMO_STATE)).toEqual({ welcome: 'Welcome email', viewerMemberships: 1 });
      await onGatewayDatabase(`UPDATE workflows SET name = 'Welcome email (ours now)' WHERE name = 'Welcome email'`);
      await onGatewayDatabase(`DELETE FROM organization_members WHERE "userId" = (SELECT id FROM users WHERE email = 'viewer@acme.test')`);
    });

    await withGateway(async (banner) => {
      expect(await onGatewayDatabase(DEMO_STATE)).toEqual({ welcome: 'Welcome email (ours now)', viewerMemberships: 0 });
      // The banner lists what is there: the acme owner's token and the demo keys still work.
      expect(banner).toContain('owner@acme.test (OWNER in acme)');
      expect(banner).toMatch(/acme: fgk_/);
    });

    const seeded = await runTsx('src/cli/seed.ts', [], env);
    expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({ code: 0, stderr: '' });
    await withGateway(async () => {
      expect(await onGatewayDatabase(DEMO_STATE)).toEqual({ welcome: 'Welcome email,Welcome email (ours now)', viewerMemberships: 1 });
    });
  }, 600_000);
});
