import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { startGatewayProcess, type CommandResult, type GatewayProcess } from '../support/process.js';
import { capturedVariables, readmeBlocks } from './readme-blocks.js';

/**
 * Follows the README as a new user would: a gateway started as `npm start` starts it (embedded
 * database, development mode, no JWT_SECRET; its data in a temporary directory) on port 4000, the
 * port the README's commands call, then every ```sh block runs literally as printed, each in a fresh
 * `bash -e -o pipefail` in the project root, in README order. A block must exit 0, print something,
 * print no GraphQL `"errors"`, and leave no variable it captures (`KEY=$(…)`) empty. New blocks are
 * picked up by themselves; a block that cannot run here is marked in the README (readme-blocks.ts).
 *
 * It always runs on its own embedded gateway, also when the suite runs on PostgreSQL: the README's
 * commands are the embedded default's, and DATABASE_URL / REDIS_URL are not passed to them.
 */

const README_PORT = 4000;
const blocks = readmeBlocks(path.join(PROJECT_ROOT, 'README.md'));
const runnable = blocks.filter((block) => !block.skip);

let stateDir: string;
let env: Record<string, string>;
let gateway: GatewayProcess;
let rootBefore: Set<string>;

/** Refuses to start when something else has the port: the blocks would talk to someone else's server. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} is taken: the README test needs it (the README's commands call localhost:${port}); stop whatever listens there`)));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

function runBlock(script: string): Promise<CommandResult> {
  const checks = capturedVariables(script).map((name) => `: "\${${name}:?the block left ${name} empty}"`);
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', [script, ...checks].join('\n')], { cwd: PROJECT_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Top-level files a block wrote into the checkout (e.g. a manifest it registered) are removed after. */
const topLevelFiles = () => new Set(readdirSync(PROJECT_ROOT).filter((name) => statSync(path.join(PROJECT_ROOT, name)).isFile()));

beforeAll(async () => {
  await assertPortFree(README_PORT);
  stateDir = mkdtempSync(path.join(tmpdir(), 'flowgate-readme-'));
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? stateDir, EMBEDDED_DATA_DIR: path.join(stateDir, 'data') };
  rootBefore = topLevelFiles();
  gateway = await startGatewayProcess({ ...env, PORT: String(README_PORT) }, 300_000);
}, 320_000);

afterAll(async () => {
  for (const name of topLevelFiles()) if (!rootBefore?.has(name)) rmSync(path.join(PROJECT_ROOT, name), { force: true });
  const code = await gateway?.stop('SIGTERM');
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe(`README.md against a running npm start (${runnable.length} blocks run; skipped: ${blocks.filter((b) => b.skip).map((b) => `line ${b.line}, ${b.skip}`).join('; ')})`, () => {
  it('has blocks to run, and the gateway it runs them against listens on the port they call', () => {
    expect(runnable.length).toBeGreaterThan(0);
    expect(gateway.port).toBe(README_PORT);
  });

  it.each(runnable.map((block) => [block.line, block.script.split('\n')[0], block.script] as const))(
    'block at README.md:%i (%s) works as printed',
    async (_line, _first, script) => {
      const result = await runBlock(script);
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr, stdout: result.code === 0 ? '' : result.stdout }).toEqual({ code: 0, stderr: '', stdout: '' });
      expect(result.stdout.trim()).not.toBe('');
      expect(result.stdout).not.toMatch(/"errors"\s*:/);
    },
    300_000,
  );

  it('left nothing in the gateway log at error level', () => {
    expect(gateway.output()).not.toMatch(/"level":(50|60)/);
  });
});
