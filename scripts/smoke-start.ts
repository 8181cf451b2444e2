// `npx tsx scripts/smoke-start.ts`: what a new user does first, on whichever Node runs it (the `node`
// first on PATH): `npm start` on a fresh embedded database in a temporary directory, one query once
// it listens, then SIGTERM to npm as a process supervisor sends it. Passes when the query answers,
// the gateway says it stopped and npm exits 0. CI runs it on every supported Node.js major.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGatewayProcess, type GatewayProcess } from '../tests/support/process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-smoke-'));
let gateway: GatewayProcess | undefined;
try {
  gateway = await startGatewayProcess({ EMBEDDED_DATA_DIR: path.join(dir, 'data'), HOME: process.env.HOME ?? dir }, 240_000, 'npm start');
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  const body = (await response.json()) as { data?: { __typename?: string } };
  if (body.data?.__typename !== 'Query') throw new Error(`unexpected answer ${JSON.stringify(body)}`);
  const [code] = await Promise.all([gateway.stop('SIGTERM'), gateway.printed(/"msg":"stopped"/)]);
  if (code !== 0) throw new Error(`npm start exited with ${code} after SIGTERM`);
  console.log(`smoke test on Node ${process.version}: npm start served a query and exited 0 on SIGTERM`);
} catch (error) {
  // npm, its shell and the gateway share a process group of their own: end them all.
  if (gateway?.child.exitCode === null) process.kill(-gateway.child.pid!, 'SIGKILL');
  console.error(`smoke test on Node ${process.version} failed: ${(error as Error).message}\n${gateway?.output() ?? ''}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
