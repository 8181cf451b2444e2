import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/runtime/logger.js';
import { forkVariant } from './child.js';
import { cpuMs, meterPostgresCpu, systemCalls } from './cpu.js';
import { fanOutTable, runFanOut } from './fan-out.js';
import { runLoad } from './load.js';
import { overloadRow, overloadTarget, runOverload } from './overload.js';
import { table, targets, type Measurements, type Statements } from './report.js';
import { buildScenarios, SCENARIO_NAMES } from './scenarios.js';
import { createScratchDatabase, deleteBenchRuns, prepareData } from './scratch-db.js';
import { countStatements } from './statements.js';
import { runTopologyBench, topologyTable } from './topology.js';
import { VARIANTS } from './variants.js';

/**
 * `npm run bench [-- --scale N (default 10) --duration S (default 10) --payloads realistic|small
 * --node <path>]`, or `-- --short` in CI (scale 1, 2 s, concurrency 8: proves every scenario runs;
 * exits 1 if any request failed). Scratch database per run, its generated organizations with
 * realistic JSON (definitions of 40 steps) unless `--payloads small` (the demo's). `--node` (or
 * BENCH_NODE) runs the gateway variants on another Node binary; the load generator stays on this one.
 * Then the overload run (bench/overload.ts): the dashboard at concurrency 128, 30 s (3 s with --short),
 * and the fan-out (bench/fan-out.ts): 100 events (10 with --short) to 1,000 subscribers; then the
 * topology run (bench/topology.ts): primary alone vs with two standbys, direct vs through PgBouncer.
 * `--variants gateway,floor` and `--scenarios dashboard,node` measure only those (a focused run, e.g.
 * under BENCH_CPU_PROF): then the overload, fan-out and topology runs are left out.
 */

const { values } = parseArgs({
  options: { scale: { type: 'string' }, duration: { type: 'string' }, short: { type: 'boolean' }, payloads: { type: 'string' }, node: { type: 'string' }, variants: { type: 'string' }, scenarios: { type: 'string' } },
});
if (values.node) process.env.BENCH_NODE = values.node;
const payloads = values.payloads ?? 'realistic';
if (payloads !== 'realistic' && payloads !== 'small') throw new Error(`--payloads must be realistic or small, not ${payloads}`);
const short = values.short ?? false;
const scale = Number(values.scale ?? (short ? 1 : 10));
const duration = Number(values.duration ?? (short ? 2 : 10));
const connections = short ? 8 : 32;
/** The names a comma-separated option keeps (all when it is absent); an unknown name stops the run. */
function chosen<T extends string>(option: string | undefined, all: readonly T[], what: string): T[] {
  if (option === undefined) return [...all];
  const names = option.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(all as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--${what} takes ${all.join(', ')}, not ${unknown.join(', ')}`);
  return names as T[];
}
const variants = chosen(values.variants, VARIANTS, 'variants');
const scenarioNames = chosen(values.scenarios, SCENARIO_NAMES, 'scenarios');
const focused = values.variants !== undefined || values.scenarios !== undefined;
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

const scratch = await createScratchDatabase(serverUrl);
const env: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: scratch.url,
  DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
  JWT_SECRET: randomBytes(32).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  // The limiter itself still runs on every request; only its budget is raised past the load.
  RATE_LIMIT_PER_MINUTE: '100000000',
  // Every scenario is one organization, and the overload run sends it 128 at once: past its queue
  // (TENANT_MAX_QUEUED, 100 by default) fair admission refuses the rest with 429 by design. This run
  // measures the gateway under load; `npm run bench:noisy` measures the fair-share bounds.
  TENANT_MAX_QUEUED: '1000',
  LOG_LEVEL: 'info',
};
const config = loadConfig(env);
const started = Date.now();
let failed = false;
try {
  console.log(`bench: ${scratch.name}, scale ${scale} (${payloads} payloads), ${duration} s per run (+1 s warm-up), concurrency ${connections}, ${cpus().length} CPUs`);
  const demo = await prepareData(loadConfig({ ...env, NODE_ENV: 'development' }), scale, payloads);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const scenarios = (await buildScenarios(config, scratch.url, demo)).filter((scenario) => scenarioNames.includes(scenario.name));
  const logger = createLogger(config, pino.destination('/dev/null'));

  const statements: Statements = {};
  for (const variant of variants) statements[variant] = await countStatements(variant, config, scenarios, logger);
  await deleteBenchRuns(scratch.url);

  const measurements: Measurements = {};
  const postgresCpu = await meterPostgresCpu(scratch.url);
  let gatewayNodeVersion = '';
  for (const variant of variants) {
    const child = await forkVariant(variant, env);
    gatewayNodeVersion = child.node;
    measurements[variant] = {};
    const cpu = async () => {
      const calls = systemCalls(child.pid);
      return { gatewayMs: cpuMs(child.pid), postgresMs: await postgresCpu.read(), gatewayReads: calls.reads, gatewayWrites: calls.writes };
    };
    try {
      for (const scenario of scenarios) {
        await child.rss();
        const result = await runLoad(child.url, scenario, { connections, durationSeconds: duration, cpu });
        measurements[variant][scenario.name] = { ...result, peakRssMb: (await child.rss()).peakRss / 2 ** 20 };
        failed ||= result.non2xx > 0 || result.graphqlErrors > 0;
        console.log(`  ${variant} ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99} ms`);
      }
    } finally {
      await child.stop();
      await deleteBenchRuns(scratch.url);
    }
  }

  await postgresCpu.close();

  const overload = focused ? undefined : await runOverload(env, scenarios.find((scenario) => scenario.name === 'dashboard')!, short ? 3 : 30);
  failed ||= (overload?.non2xx ?? 0) > 0 || (overload?.graphqlErrors ?? 0) > 0;
  await deleteBenchRuns(scratch.url);

  const report = overload ? `${table(measurements, statements)}\n${overloadRow(overload)}` : table(measurements, statements);
  const ratios = overload ? [...targets(measurements, statements), overloadTarget(overload)] : targets(measurements, statements);
  console.log(`\nGateway variants on Node ${gatewayNodeVersion} (load generator on ${process.version}), ${payloads} payloads.\n${report}\n\nCPU: /proc utime+stime of the variant's process and of the database's PostgreSQL backends over the measured run, per request; system calls: the variant's reads and writes (/proc/<pid>/io syscr, syscw) per request over the same run. Bytes: one request, counted on node-postgres' sockets (bench/statements.ts, run in the bench's own process).\nRSS: peak of process.memoryUsage().rss sampled every 100 ms inside each variant's own process (bench/gateway.ts).`);
  console.log(`\nTargets (shield cost = 1 - gateway/no-shield req/s; RLS cost = 1 - gateway/no-rls req/s):\n${ratios.join('\n')}`);
  const fanOut = focused ? undefined : await runFanOut(env, demo, short ? 10 : 100);
  if (fanOut) console.log(`\nSubscriptions (targets: p99 < 250 ms on one replica, < 500 ms across two):\n${fanOutTable(fanOut)}`);
  const topology = focused ? undefined : await runTopologyBench(env, { scale, payloads, connections, durationSeconds: duration });
  failed ||= (topology ?? []).some((row) => row.failed > 0);
  if (topology) console.log(`\nTopology (scripts/topology.sh: primary, 2 streaming standbys, PgBouncer 1.18 in transaction mode, all on this machine):\n${topologyTable(topology)}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${new Date().toISOString().replaceAll(':', '-')}.json`, import.meta.url);
  const meta = { scale, duration, variants, scenarios: scenarioNames, connections, short, payloads, cpus: cpus().length, poolSize: config.database.poolSize, node: gatewayNodeVersion, loadGeneratorNode: process.version };
  writeFileSync(file, JSON.stringify({ meta, measurements, overload, statements, ratios, fanOut, topology }, null, 2));
  console.log(`\nwrote ${file.pathname} in ${((Date.now() - started) / 1000).toFixed(0)} s total`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await scratch.drop();
}
if (failed) console.error('bench: some requests failed (non-2xx, socket errors or GraphQL errors): see the table');
process.exit(failed ? 1 : 0);
