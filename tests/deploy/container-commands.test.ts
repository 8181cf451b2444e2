import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { createScratchDatabase, runCommand, startGatewayProcess, type GatewayProcess } from '../support/process.js';

/**
 * No Docker engine runs here, so this runs what the image runs, the way it runs it: the compiled
 * build under NODE_ENV=production, the one-off migration with nothing but DATABASE_URL (as
 * docker-compose.yml's `migrate` service has), the gateway, and the Dockerfile's own HEALTHCHECK.
 * The build goes to a temporary directory laid out like the image's /app (dist/ beside links to
 * package.json, node_modules, migrations and operations/), never to the checkout's dist/, which the
 * user's own `npm start` may be running from.
 */

const NODE = process.execPath;
const IMAGE_ENTRIES = ['package.json', 'node_modules', 'migrations', 'operations'];

/** Compiles src/ as the Dockerfile's build stage does, into `app`/dist. */
async function buildImageLayout(app: string) {
  const tsc = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');
  const dist = path.join(app, 'dist');
  const build = await runCommand(tsc, ['-p', 'tsconfig.build.json', '--outDir', dist, '--tsBuildInfoFile', path.join(dist, '.tsbuildinfo')], {});
  if (build.code !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  for (const name of IMAGE_ENTRIES) symlinkSync(path.join(PROJECT_ROOT, name), path.join(app, name));
}

/** The HEALTHCHECK's `node -e "…"` script, read from the Dockerfile so the test checks what ships. */
function dockerfileHealthcheck(): string {
  const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const script = /HEALTHCHECK[^\n]*\\\n\s*CMD node -e "([^"]+)"/.exec(dockerfile)?.[1];
  if (!script) throw new Error('Dockerfile has no HEALTHCHECK running `node -e "…"`');
  return script;
}

let app: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let gateway: GatewayProcess | undefined;
const production = () => ({ NODE_ENV: 'production', DATABASE_URL: scratch.url, LOG_LEVEL: 'info' });

beforeAll(async () => {
  app = mkdtempSync(path.join(tmpdir(), 'flowgate-image-'));
  await buildImageLayout(app);
  scratch = await createScratchDatabase();
}, 180_000);
afterAll(async () => {
  await gateway?.stop();
  await scratch?.drop();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the container start-up commands', () => {
  it('migrates with only DATABASE_URL set, and a second run applies nothing', async () => {
    const first = await runCommand(NODE, ['dist/src/cli/migrate.js'], production(), app);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/Applied to DATABASE_URL:\n\s+\d+_init/);
    const second = await runCommand(NODE, ['dist/src/cli/migrate.js'], production(), app);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('DATABASE_URL is up to date.');
  });

  it('refuses to start the gateway in production without its secrets, naming them', async () => {
    const result = await runCommand(NODE, ['dist/src/main.js'], production(), app);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JWT_SECRET');
  });

  it('serves from the build, passes the Dockerfile HEALTHCHECK, and exits 0 on SIGTERM', async () => {
    const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), CREDENTIALS_KEY: randomBytes(32).toString('base64') };
    gateway = await startGatewayProcess({ ...production(), ...secrets }, 60_000, 'built', app);
    const answer = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });

    const healthcheck = await runCommand(NODE, ['-e', dockerfileHealthcheck()], { PORT: String(gateway.port) });
    expect(healthcheck.code).toBe(0);

    expect(await gateway.stop('SIGTERM')).toBe(0);
    const afterStop = await runCommand(NODE, ['-e', dockerfileHealthcheck()], { PORT: String(gateway.port) });
    expect(afterStop.code).toBe(1);
    gateway = undefined;
  });
});
