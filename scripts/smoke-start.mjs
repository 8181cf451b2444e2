#!/usr/bin/env node
// `node scripts/smoke-start.mjs`: what a new user does first, on whichever Node runs this script:
// `npm start` on a fresh embedded database (in a temporary directory), one query once it listens,
// then SIGTERM to npm, as a process supervisor sends it; passes when the query answers and npm start
// exits 0 (the gateway drained and stopped). Plain JavaScript, so it runs unchanged on every
// Node.js major CI tries (.ci/run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const START_TIMEOUT_MS = 240_000;
const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-smoke-'));
const child = spawn('npm', ['start'], {
  env: { ...process.env, PORT: '0', EMBEDDED_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'pipe'],
  // Its own process group, so a failed run can end npm, its shell and the gateway together.
  detached: true,
});
let output = '';
const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));

function listeningPort() {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "flowgate listening" within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk;
      const match = /"port":(\d+)[^\n]*"msg":"flowgate listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`npm start exited (${code}) before listening`)));
  });
}

let failure;
try {
  const port = await listeningPort();
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename viewer { user { id } } }' }),
  });
  const body = await response.json();
  if (body?.data?.__typename !== 'Query') throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`npm start exited with ${code} after SIGTERM`);
  if (!/"msg":"stopped"/.test(output)) throw new Error('the gateway did not say it stopped');
} catch (error) {
  failure = error;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failure) {
  console.error(`smoke test on Node ${process.version} failed: ${failure.message}\n--- npm start printed:\n${output}`);
  process.exit(1);
}
console.log(`smoke test on Node ${process.version}: npm start served a query and exited 0 on SIGTERM`);
