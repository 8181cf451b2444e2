import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { hashApiKey } from '../../src/auth/api-key-format.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createMember, createOrganization } from '../support/factories.js';
import { createScratchDatabase, runTsx, startGatewayProcess } from '../support/process.js';

/** The operator's CLI (`npm run flowgate -- …`), run as a real process against a real database. */

const SECRET = 'cli-test-secret-that-is-long-enough-0123456789';
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Database;
let env: Record<string, string>;
let slug: string;
let email: string;
let userId: string;

const flowgate = (...args: string[]) => runTsx('src/cli/flowgate.ts', args, env);

beforeAll(async () => {
  scratch = await createScratchDatabase();
  env = { DATABASE_URL: scratch.url, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' };
  const migrated = await runTsx('src/cli/migrate.ts', [], env);
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  db = await openDatabase(loadConfig(env).database);
  const org = await createOrganization(db.base);
  slug = org.slug;
  const { user } = await createMember(db.base, org.id, 'EDITOR');
  email = user.email;
  userId = user.id;
}, 120_000);
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

describe('flowgate', () => {
  it('prints its usage for no command, and exits 2 with it for an unknown one without touching the database', async () => {
    const help = await flowgate();
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npm run flowgate -- <command>');
    const unknown = await runTsx('src/cli/flowgate.ts', ['tokne'], { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: tokne');
    expect(unknown.stderr).toContain('apikey create --org <slug>');
  });
});

describe('flowgate token', () => {
  it('mints a bearer token for a member, signed with JWT_SECRET', async () => {
    const result = await flowgate('token', '--user', email, '--org', slug, '--ttl', '5m');
    expect(result.code).toBe(0);
    const { payload } = await jwtVerify(result.stdout.trim(), new TextEncoder().encode(SECRET));
    expect(payload.sub).toBe(userId);
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('refuses unknown users, organizations the user is not in, missing flags, and production', async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['token', '--user', 'nobody@example.test'], {}, 'no user with email'],
      [['token', '--user', email, '--org', 'someone-elses'], {}, 'is not a member of'],
      [['token'], {}, '--user is required'],
      [['token', '--user', email, '--colour', 'red'], {}, 'colour'],
      [['token', '--user', email], { NODE_ENV: 'production', CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64') }, 'development only'],
    ];
    for (const [args, extra, message] of cases) {
      const result = await runTsx('src/cli/flowgate.ts', args, { ...env, ...extra });
      expect({ args, code: result.code, says: result.stderr.includes(message) }).toEqual({ args, code: 2, says: true });
      expect(result.stdout).toBe('');
    }
  }, 300_000);
});

describe('flowgate token on a shared database without JWT_SECRET', () => {
  let stateDir: string;
  let shared: Record<string, string>;
  beforeAll(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'flowgate-cli-'));
    shared = { DATABASE_URL: scratch.url, EMBEDDED_DATA_DIR: path.join(stateDir, 'data') };
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('refuses, naming the secret the gateways would not know and how to pass theirs', async () => {
    const result = await runTsx('src/cli/flowgate.ts', ['token', '--user', email], shared);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toContain('DATABASE_URL is set but JWT_SECRET is not');
    expect(result.stderr).toContain(`JWT_SECRET=$(cat ${path.join(stateDir, 'dev-jwt-secret')})`);
  });

  it('is what a development gateway on DATABASE_URL prints at start-up, and its advice gives a token that gateway accepts', async () => {
    const gateway = await startGatewayProcess(shared, 300_000);
    try {
      await gateway.printed(/npm run flowgate -- token --user <email>/);
      const banner = gateway.output();
      expect(banner).toContain(`Flowgate is running at http://localhost:${gateway.port}/graphql on ${scratch.url.replace('postgres:postgres@', 'postgres@')}`);
      const secretFile = /JWT_SECRET=\$\(cat (\S+)\) npm run flowgate -- token --user <email> --org <slug>/.exec(banner)?.[1];
      expect(secretFile).toBe(path.join(stateDir, 'dev-jwt-secret'));
      const minted = await runTsx('src/cli/flowgate.ts', ['token', '--user', email], { ...shared, JWT_SECRET: readFileSync(secretFile!, 'utf8').trim() });
      expect(minted.code).toBe(0);
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.stdout.trim()}` },
        body: JSON.stringify({ query: '{ viewer { user { email } } }' }),
      });
      expect(((await response.json()) as { data: { viewer: { user: { email: string } } } }).data.viewer.user.email).toBe(email);
    } finally {
      expect(await gateway.stop('SIGTERM')).toBe(0);
    }
  }, 600_000);
});

describe('flowgate apikey', () => {
  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const created = await flowgate('apikey', 'create', '--org', slug, '--name', 'partner', '--scopes', 'workflows:read,executions:write');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    const id = /created API key (\S+)/.exec(created.stderr)?.[1];
    expect(key).toMatch(/^fgk_\w+_[\w-]+$/);
    const row = await db.base.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.scopes).toEqual(['workflows:read', 'executions:write']);
    expect(Buffer.from(row.hash)).toEqual(hashApiKey(key!));

    const listed = await flowgate('apikey', 'list', '--org', slug);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+fgk_${row.prefix}_…\\s+active\\s+partner`));
    expect(listed.stdout).not.toContain(key!);

    expect((await flowgate('apikey', 'revoke', id!)).code).toBe(0);
    expect((await flowgate('apikey', 'list', '--org', slug)).stdout).toMatch(new RegExp(`${id}\\s+\\S+\\s+revoked`));
    const again = await flowgate('apikey', 'revoke', id!);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already revoked');
    expect(await db.base.auditLogEntry.count({ where: { resourceId: id, action: { in: ['apiKey.create', 'apiKey.revoke'] } } })).toBe(2);
  }, 300_000);

  it('refuses unknown scopes, missing names, unknown organizations and bad ids, creating nothing', async () => {
    const before = await db.base.apiKey.count();
    const cases: Array<[string[], string]> = [
      [['apikey', 'create', '--org', slug, '--name', 'x', '--scopes', 'workflows:read,root'], '--scopes'],
      [['apikey', 'create', '--org', slug, '--scopes', 'workflows:read'], '--name is required'],
      [['apikey', 'create', '--org', 'no-such-org', '--name', 'x', '--scopes', 'workflows:read'], 'no organization with slug'],
      [['apikey', 'create', '--org', slug, '--name', 'x', '--scopes', 'workflows:read', '--expires', '2001-01-01'], '--expires'],
      [['apikey', 'revoke', 'not-a-uuid'], 'needs the key id'],
      [['apikey', 'rotate'], 'unknown apikey command'],
    ];
    for (const [args, message] of cases) {
      const result = await flowgate(...args);
      expect({ args, code: result.code, says: result.stderr.includes(message) }).toEqual({ args, code: 2, says: true });
    }
    expect(await db.base.apiKey.count()).toBe(before);
  }, 300_000);
});
