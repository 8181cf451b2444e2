import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { gatewayNode } from './child.js';
import { fanOutTable, runFanOut } from './fan-out.js';
import { createScratchDatabase, prepareData } from './scratch-db.js';

/** `npm run bench:fan-out`: only the subscription fan-out scenario, on a scratch database of its own. */
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const scratch = await createScratchDatabase(serverUrl);
const env: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: scratch.url,
  JWT_SECRET: randomBytes(32).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  RATE_LIMIT_PER_MINUTE: '100000000',
};
let failed = false;
try {
  const demo = await prepareData(loadConfig({ ...env, NODE_ENV: 'development' }), 1, 'realistic');
  const results = await runFanOut(env, demo);
  console.log(`${fanOutTable(results)}\n\nTargets: p99 < 250 ms on one replica, < 500 ms across two.`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/fan-out-${new Date().toISOString().replaceAll(':', '-')}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ node: process.version, gatewayNode: gatewayNode(), results }, null, 2));
  console.log(`wrote ${file.pathname}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await scratch.drop();
}
process.exit(failed ? 1 : 0);
