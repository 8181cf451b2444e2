import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { startGatewayProcess, type CommandResult, type GatewayProcess } from '../support/process.js';
import { capturedVariables, readmeBlocks, README_PORT, onPort } from './readme-blocks.js';
import { checkoutListing, holdPortIfFree, linkCheckout } from './user-checkout.js';

/**
 * Follows the README as a new user would: a gateway started as `npm start` starts it (embedded
 * database, development mode, no JWT_SECRET; its data in a temporary directory), then every ```sh
 * block runs as printed, each in a fresh `bash -e -o pipefail`, in README order. A block must exit 0,
 * print something, print no GraphQL `"errors"`, and leave no variable it captures (`KEY=$(…)`) empty.
 * New blocks are picked up by themselves; a block that cannot run here is marked in the README
 * (readme-blocks.ts).
 *
 * It never touches the checkout it runs in, and it runs while the user's own `npm start` holds the
 * README's port: the gateway listens on a free port, the blocks' URLs are pointed at it, and the
 * blocks run in a temporary directory that links to the checkout's files, so whatever a block writes
 * (a manifest, an audit report) lands there. The README's port is held for the whole run when it is
 * free, so the run is the same with or without an `npm start` beside it.
 *
 * It always runs on its own embedded gateway, also when the suite runs on PostgreSQL: the README's
 * commands are the embedded default's, and DATABASE_URL / REDIS_URL are not passed to them.
 */

const blocks = readmeBlocks(path.join(PROJECT_ROOT, 'README.md'));
const runnable = blocks.filter((block) => !block.skip);
// Before anything can fail: what the checkout holds, to prove afterwards that nothing changed it.
const checkoutBefore = checkoutListing(PROJECT_ROOT);

let stateDir: string;
let workDir: string;
let env: Record<string, string>;
let gateway: GatewayProcess;
let releaseReadmePort: () => Promise<void> = async () => undefined;

function runBlock(script: string): Promise<CommandResult> {
  const checks = capturedVariables(script).map((name) => `: "\${${name}:?the block left ${name} empty}"`);
  const pointed = onPort(script, gateway.port);
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', [pointed, ...checks].join('\n')], { cwd: workDir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  releaseReadmePort = await holdPortIfFree(README_PORT);
  stateDir = mkdtempSync(path.join(tmpdir(), 'flowgate-readme-'));
  workDir = linkCheckout(PROJECT_ROOT, path.join(stateDir, 'checkout'));
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? stateDir, EMBEDDED_DATA_DIR: path.join(stateDir, 'data') };
  gateway = await startGatewayProcess(env, 300_000);
}, 320_000);

afterAll(async () => {
  const code = await gateway?.stop('SIGTERM');
  await releaseReadmePort();
  // Only the directory this test made; the links in it are removed, never what they point to.
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  expect(code).toBe(0);
  expect(checkoutListing(PROJECT_ROOT)).toEqual(checkoutBefore);
});

describe(`README.md against a running npm start (${runnable.length} blocks run; skipped: ${blocks.filter((b) => b.skip).map((b) => `line ${b.line}, ${b.skip}`).join('; ')})`, () => {
  it('has blocks to run, each calling the gateway on the port the README names', () => {
    expect(runnable.length).toBeGreaterThan(0);
    expect(gateway.port).not.toBe(README_PORT);
    for (const block of runnable.filter((b) => b.script.includes('/graphql'))) expect(block.script).toMatch(new RegExp(`:${README_PORT}/graphql`));
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
