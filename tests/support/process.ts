import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';

/**
 * Real gateway processes (`src/main.ts` through tsx), for what one process cannot show: state
 * shared between replicas, signals, restarts.
 */
export interface GatewayProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process has printed a line matching `pattern` (at any time since it started). */
  printed(pattern: RegExp): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point from source, as `npm run <script>` does. */
export const runTsx = (script: string, args: string[], env: Record<string, string>) => runCommand(TSX, [script, ...args], env);

/** Runs a command in the project root (or `cwd`) with only PATH and `env` in its environment. */
export function runCommand(command: string, args: string[], env: Record<string, string>, cwd = PROJECT_ROOT): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * How to start the gateway: from source through tsx, the compiled `dist/` as the container runs it,
 * or `npm start` as a new user does (it builds into the checkout's dist/ first: CI's smoke test only).
 */
// From source, tsx is loaded into node itself (`node --import tsx`) rather than run as its CLI: the
// CLI relays SIGTERM to its child and, when the child's event loop does not answer within 30 ms (a
// busy embedded database), kills it with SIGKILL, so a graceful stop would end with exit 143.
const ENTRY = {
  source: [process.execPath, '--import', 'tsx', 'src/main.ts'],
  built: [process.execPath, 'dist/src/main.js'],
  'npm start': ['npm', 'start'],
} as const;

/** `cwd`: where the entry's relative path is found (a build outside the checkout, for one). */
export async function startGatewayProcess(env: Record<string, string>, timeoutMs = 60_000, entry: keyof typeof ENTRY = 'source', cwd = PROJECT_ROOT): Promise<GatewayProcess> {
  const [command, ...args] = ENTRY[entry];
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    // Its own process group, so a start-up timeout can end tsx and the node process it runs together.
    detached: true,
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    // A gateway that never says it listens is ended here, or it outlives the test run.
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`gateway did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"flowgate listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    child,
    output: () => output,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          child.stdout.off('data', check);
          child.off('exit', exited);
          resolve();
        };
        const exited = () => setImmediate(() => (pattern.test(output) ? resolve() : reject(new Error(`exited before printing ${pattern}:\n${output}`))));
        // Listeners run in order of registration: the one above that collects `output` runs first.
        child.stdout.on('data', check);
        child.once('exit', exited);
        check();
      }),
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/**
 * A scratch database on the local PostgreSQL server, for tests that need several processes to share
 * one database (an embedded database belongs to one process). Dropped by `drop()`.
 */
export async function createScratchDatabase(serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres') {
  const name = `flowgate_scratch_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
