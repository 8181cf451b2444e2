import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { socketUrl } from '../../src/db/embedded-server.js';
import { partnerOperation } from '../support/server.js';
import { runCommand, runTsx, startGatewayProcess, type GatewayProcess } from '../support/process.js';

/**
 * One process holds the embedded database's files and serves them over the PostgreSQL protocol; while
 * it runs, the CLI, `seed`, `migrate` and psql connect to it (through the address beside the lock)
 * instead of opening a second copy of the files, and what they write the gateway sees at once.
 */

let dir: string;
let env: Record<string, string>;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowgate-sharing-'));
  dataDir = path.join(dir, 'data');
  env = { EMBEDDED_DATA_DIR: dataDir, JWT_SECRET: 'sharing-test-secret-long-enough-0123456789', LOG_LEVEL: 'info' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function graphql(gateway: GatewayProcess, headers: Record<string, string>, body: object) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.json() as Promise<{ data?: any; errors?: Array<{ extensions?: { code?: string } }> }>;
}

const psql = (url: string, sql: string) => runCommand('psql', [url, '-Atc', sql], {});

describe('the embedded database while a gateway serves it', () => {
  it('is reached by the CLI, seed, migrate and psql through the gateway, and the gateway sees their writes', async () => {
    const gateway = await startGatewayProcess(env, 300_000);
    try {
      const url = readFileSync(`${dataDir}.url`, 'utf8').trim();
      expect(url).toMatch(/^postgresql:\/\/postgres@localhost\/postgres\?host=/);

      const created = await runTsx('src/cli/flowgate.ts', ['apikey', 'create', '--org', 'acme', '--name', 'sharing', '--scopes', 'workflows:read,executions:read'], env);
      expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('created API key') });
      const listed = await graphql(gateway, { authorization: `ApiKey ${created.stdout.trim()}` }, { query: partnerOperation('ListWorkflows'), variables: { first: 1 } });
      expect(listed.errors).toBeUndefined();
      expect(listed.data.organization.workflows.totalCount).toBeGreaterThan(0);

      const token = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test', '--org', 'acme'], env);
      expect(token.code).toBe(0);
      const viewer = await graphql(gateway, { authorization: `Bearer ${token.stdout.trim()}` }, { query: '{ viewer { user { email } } }' });
      expect(viewer.data.viewer.user.email).toBe('owner@acme.test');

      const migrated = await runTsx('src/cli/migrate.ts', [], env);
      expect({ code: migrated.code, stdout: migrated.stdout }).toEqual({ code: 0, stdout: `${dataDir} is up to date.\n` });
      const seeded = await runTsx('src/cli/seed.ts', [], env);
      expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({ code: 0, stderr: '' });
      expect(seeded.stdout).toContain('acme: fgk_');

      const fromPsql = await psql(url, `SELECT name FROM api_keys WHERE name = 'sharing'`);
      expect({ code: fromPsql.code, stdout: fromPsql.stdout }).toEqual({ code: 0, stdout: 'sharing\n' });

      const second = await runTsx('src/main.ts', [], { ...env, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('already served by another Flowgate process');
    } finally {
      expect(await gateway.stop('SIGTERM')).toBe(0);
    }
    expect([existsSync(`${dataDir}.lock`), existsSync(`${dataDir}.url`)]).toEqual([false, false]);
    const direct = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env);
    expect({ code: direct.code, stderr: direct.stderr }).toEqual({ code: 0, stderr: '' });
    expect(direct.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 600_000);

  it("keeps the gateway's statements out of a psql-style client's open transaction", async () => {
    const gateway = await startGatewayProcess(env, 300_000);
    const client = new pg.Client({ connectionString: readFileSync(`${dataDir}.url`, 'utf8').trim() });
    try {
      await client.connect();
      const token = (await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env)).stdout.trim();
      await client.query('BEGIN');
      await client.query(`UPDATE organizations SET name = 'uncommitted' WHERE slug = 'acme'`);
      let answered = false;
      const request = graphql(gateway, { authorization: `Bearer ${token}`, 'x-organization-id': 'acme' }, { query: '{ organization { name } }' }).finally(() => {
        answered = true;
      });
      // The client's own round trips go on while the gateway's statements wait for its transaction to end.
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(answered).toBe(false);
      await client.query('ROLLBACK');
      expect((await request).data.organization.name).not.toBe('uncommitted');
    } finally {
      await client.end();
      expect(await gateway.stop('SIGTERM')).toBe(0);
    }
  }, 300_000);
});

describe('the embedded database after a gateway died', () => {
  it('is opened directly by the tools: a dead holder and its address do not confuse them', async () => {
    const dead = await runCommand(process.execPath, ['-e', 'console.log(process.pid)'], {});
    writeFileSync(`${dataDir}.lock`, dead.stdout.trim());
    writeFileSync(`${dataDir}.url`, `${socketUrl(path.join(dir, 'gone'))}\n`);
    const result = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect([existsSync(`${dataDir}.lock`), existsSync(`${dataDir}.url`)]).toEqual([false, false]);
  }, 120_000);
});
