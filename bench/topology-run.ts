import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runTopologyBench, topologyTable } from './topology.js';

/**
 * `npm run bench:topology [-- --short]`: only the topology run (bench/topology.ts), on servers of its
 * own from scripts/topology.sh. `npm run bench` runs it too, after the other runs.
 */
const { values } = parseArgs({ options: { short: { type: 'boolean' }, duration: { type: 'string' }, scale: { type: 'string' } } });
const short = values.short ?? false;
const env: Record<string, string> = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(32).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  RATE_LIMIT_PER_MINUTE: '100000000',
  TENANT_MAX_QUEUED: '1000',
  LOG_LEVEL: 'info',
};
const rows = await runTopologyBench(env, {
  scale: Number(values.scale ?? (short ? 1 : 10)),
  payloads: 'realistic',
  connections: short ? 8 : 32,
  durationSeconds: Number(values.duration ?? (short ? 2 : 10)),
});
console.log(topologyTable(rows));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/topology-${new Date().toISOString().replaceAll(':', '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ node: process.version, short, rows }, null, 2));
console.log(`wrote ${file.pathname}`);
process.exit(rows.some((row) => row.failed > 0) ? 1 : 0);
