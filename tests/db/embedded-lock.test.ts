import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCommand, runTsx, startGatewayProcess } from '../support/process.js';

/**
 * One embedded database, one process: while a gateway holds `.flowgate/data`, the CLI is refused with
 * a message instead of opening a second copy of the files (whose writes the gateway would never see,
 * and which can damage the directory when both flush).
 */

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowgate-lock-'));
  env = { EMBEDDED_DATA_DIR: path.join(dir, 'data'), JWT_SECRET: 'lock-test-secret-long-enough-0123456789', LOG_LEVEL: 'info' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database lock', () => {
  it('refuses the CLI while a gateway holds the database, and lets it in once the gateway stopped', async () => {
    const gateway = await startGatewayProcess(env, 120_000);
    try {
      // The holder is the gateway's node process (tsx runs it as a child of the pid we spawned).
      const holder = readFileSync(`${env.EMBEDDED_DATA_DIR}.lock`, 'utf8');
      expect(holder).toMatch(/^\d+$/);
      const refused = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by another Flowgate process (pid ${holder}`);
      expect(refused.stderr).not.toMatch(/\n\s+at /); // the message, not a stack trace
      const second = await runTsx('src/main.ts', [], { ...env, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('set DATABASE_URL');
    } finally {
      expect(await gateway.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(`${env.EMBEDDED_DATA_DIR}.lock`)).toBe(false);
    const token = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env);
    expect({ code: token.code, stderr: token.stderr }).toEqual({ code: 0, stderr: '' });
    expect(token.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    const dead = await runCommand(process.execPath, ['-e', 'console.log(process.pid)'], {});
    writeFileSync(`${env.EMBEDDED_DATA_DIR}.lock`, dead.stdout.trim());
    const result = await runTsx('src/cli/flowgate.ts', ['token', '--user', 'owner@acme.test'], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(`${env.EMBEDDED_DATA_DIR}.lock`)).toBe(false);
  });
});
