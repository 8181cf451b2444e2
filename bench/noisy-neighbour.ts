import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signToken } from '../src/auth/bearer-token.js';
import { loadConfig } from '../src/config.js';
import { forkVariant, type VariantProcess } from './child.js';
import { machineCpuMs } from './cpu.js';
import { runTenants, type TenantLoad, type TenantResult } from './noisy-load.js';
import { DASHBOARD_QUERY } from './scenarios.js';
import { createScratchDatabase, prepareData } from './scratch-db.js';

/**
 * `npm run bench:noisy [-- --duration S (default 10) --replicas N (default 2) --modes before,after
 * --tenant-in-flight 1,2 --victim-rate R]` (issue 18): tenant A
 * floods with 64 concurrent large dashboards (first: 50), tenant B loads a small one (first: 5) at
 * concurrency 2 — as fast as it is answered, or R requests per second in all with --victim-rate (a
 * light, steady tenant) — on N gateway replicas sharing PostgreSQL and Redis. Each mode starts fresh
 * replicas and measures B alone, A alone, then both at once: "before" turns fair admission and the
 * database share off (bounds beyond the load), "after" runs the defaults (or the TENANT_… /
 * ADMISSION_… settings given to the bench). Each phase also records how busy the machine's CPUs
 * were (every process: replicas, PostgreSQL, Redis, both load generators). Prints a table and the
 * targets, writes bench/results/noisy-<date>.json.
 */

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    replicas: { type: 'string' },
    modes: { type: 'string' },
    'tenant-in-flight': { type: 'string' },
    'victim-rate': { type: 'string' },
  },
});
const victimRate = values['victim-rate'] === undefined ? undefined : Number(values['victim-rate']);
if (victimRate !== undefined && !(victimRate > 0)) throw new Error(`--victim-rate takes requests per second, not ${values['victim-rate']}`);
const duration = Number(values.duration ?? 10);
const replicas = Number(values.replicas ?? 2);
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const poolSize = process.env.DATABASE_POOL_SIZE ?? '10';

/** The fairness settings given to the bench itself apply to "after" (to try other sizes); unset, the defaults. */
const FAIRNESS = ['TENANT_MAX_CONNECTIONS', 'TENANT_MAX_IN_FLIGHT', 'ADMISSION_MAX_IN_FLIGHT', 'TENANT_MAX_QUEUED', 'TENANT_MAX_WAIT_MS'];
const MODES: Record<string, Record<string, string>> = {
  before: { TENANT_MAX_CONNECTIONS: poolSize, TENANT_MAX_IN_FLIGHT: '100000', ADMISSION_MAX_IN_FLIGHT: '100000' },
  after: Object.fromEntries(FAIRNESS.filter((name) => process.env[name]).map((name) => [name, process.env[name]!])),
};
// --tenant-in-flight 1,2: "after" again with each of these TENANT_MAX_IN_FLIGHT, to size it in the same run.
for (const size of values['tenant-in-flight']?.split(',') ?? []) MODES[`after, TENANT_MAX_IN_FLIGHT=${size}`] = { ...MODES.after, TENANT_MAX_IN_FLIGHT: size };

async function ownerOf(url: string, slug: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ userId: string }>(
      `SELECT m."userId" FROM organization_members m JOIN organizations o ON o.id = m."organizationId" WHERE o.slug = $1 AND m.role = 'OWNER' LIMIT 1`,
      [slug],
    );
    return rows[0].userId;
  } finally {
    await client.end();
  }
}

/** Share of the machine's CPU (all cores, every process) kept busy during each phase. */
interface MachineBusy {
  bAlone: number;
  aAlone: number;
  both: number;
}

interface ModeResult {
  /** The Node the replicas ran on, as they reported it. */
  node: string;
  bAlone: TenantResult;
  aAlone: TenantResult;
  bFlooded: TenantResult;
  aFlooding: TenantResult;
  machineBusy: MachineBusy;
  /** The first replica's admission and pool series halfway through the flood, as an operator sees them. */
  midFlood: string[];
}

async function admissionSample(url: string): Promise<string[]> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  return text.split('\n').filter((line) => /^flowgate_(admission_requests|db_pool_connections)\{/.test(line));
}

/** What `run` resolves to, and the share of the machine's CPU busy while it ran. */
async function busyDuring<T>(run: Promise<T>): Promise<[T, number]> {
  const start = machineCpuMs();
  const result = await run;
  const end = machineCpuMs();
  return [result, (end.busy - start.busy) / (end.total - start.total)];
}

async function measureMode(env: Record<string, string>, a: TenantLoad, b: TenantLoad): Promise<ModeResult> {
  const gateways: VariantProcess[] = [];
  try {
    for (let n = 0; n < replicas; n += 1) gateways.push(await forkVariant('gateway', env));
    const urls = gateways.map((gateway) => gateway.url);
    await runTenants(urls, [a, b], 2); // warm-up: JIT, pools, prepared statements
    const [[bAlone], bAloneBusy] = await busyDuring(runTenants(urls, [b], duration));
    const [[aAlone], aAloneBusy] = await busyDuring(runTenants(urls, [a], duration));
    const flood = busyDuring(runTenants(urls, [a, b], duration));
    await new Promise((resolve) => setTimeout(resolve, (duration * 1000) / 2));
    const midFlood = await admissionSample(urls[0]);
    const [[aFlooding, bFlooded], bothBusy] = await flood;
    return { node: gateways[0].node, bAlone, aAlone, bFlooded, aFlooding, machineBusy: { bAlone: bAloneBusy, aAlone: aAloneBusy, both: bothBusy }, midFlood };
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
  }
}

const row = (label: string, r: TenantResult) =>
  `| ${label.padEnd(22)} | ${r.okPerSecond.toFixed(1).padStart(7)} | ${r.p50.toFixed(0).padStart(5)} | ${r.p99.toFixed(0).padStart(5)} | ${String(r.refused).padStart(6)} | ${String(r.errors).padStart(6)} |`;

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

function report(mode: string, r: ModeResult, before?: ModeResult): string {
  const lines = [
    `${mode} (gateways on Node ${r.node}):`,
    '| tenant                 |   ok/s  |  p50  |  p99  |  429s  | errors |',
    '|------------------------|---------|-------|-------|--------|--------|',
    row(`B alone (c2${victimRate ? ` ${victimRate}/s` : ''}, small)`, r.bAlone),
    row('B under A\'s flood', r.bFlooded),
    row('A alone (c64, large)', r.aAlone),
    row('A flooding, with B', r.aFlooding),
  ];
  const p99 = r.bFlooded.p99 / r.bAlone.p99;
  const bRate = r.bFlooded.okPerSecond / r.bAlone.okPerSecond;
  const aRate = r.aFlooding.okPerSecond / r.aAlone.okPerSecond;
  const errors = r.bAlone.errors + r.aAlone.errors + r.bFlooded.errors + r.aFlooding.errors + r.bFlooded.refused + r.bAlone.refused;
  lines.push(
    `B p99 under flood / alone: ${p99.toFixed(2)}x (target <= 2x) ${p99 <= 2 ? 'met' : 'MISSED'}`,
    `B throughput under flood / alone: ${(bRate * 100).toFixed(0)}% (target >= 80%) ${bRate >= 0.8 ? 'met' : 'MISSED'}`,
    `A throughput with B / alone: ${(aRate * 100).toFixed(0)}% (target >= 70%) ${aRate >= 0.7 ? 'met' : 'MISSED'}`,
    ...(before && before !== r
      ? [`A throughput with B / A alone before (fairness off): ${((r.aFlooding.okPerSecond / before.aAlone.okPerSecond) * 100).toFixed(0)}%`]
      : []),
    `errors other than A's 429s: ${errors} (target 0) ${errors === 0 ? 'met' : 'MISSED'}`,
    `machine CPU busy (all cores, every process): B alone ${percent(r.machineBusy.bAlone)}, A alone ${percent(r.machineBusy.aAlone)}, both ${percent(r.machineBusy.both)}`,
    `replica 1 halfway through the flood:\n  ${r.midFlood.join('\n  ')}`,
  );
  return lines.join('\n');
}

async function main(scratchUrl: string): Promise<void> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: scratchUrl,
    DATABASE_POOL_SIZE: poolSize,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `flowgate-bench-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    // Per-person budgets are not what this measures; tenant fairness is.
    RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'info',
  };
  const config = loadConfig(env);
  await prepareData(loadConfig({ ...env, NODE_ENV: 'development' }), 2, 'realistic');
  const headersOf = async (slug: string) => ({
    authorization: `Bearer ${await signToken(config.jwt, { userId: await ownerOf(scratchUrl, slug) }, '1h')}`,
    'x-organization-id': slug,
    'content-type': 'application/json',
  });
  const dashboard = (first: number) => JSON.stringify({ query: DASHBOARD_QUERY, variables: { first } });
  const a: TenantLoad = { headers: await headersOf('scale-1'), body: dashboard(50), connections: 64 };
  const b: TenantLoad = { headers: await headersOf('scale-2'), body: dashboard(5), connections: 2, rate: victimRate };
  const pace = victimRate ? `B paced at ${victimRate} req/s` : 'B as fast as answered';
  console.log(`bench:noisy: load generators on Node ${process.version}, ${cpus().length} CPUs, ${replicas} replica(s), pool ${poolSize} each, ${duration} s per phase, ${pace}`);
  const results: Record<string, ModeResult> = {};
  const chosen = values.modes?.split(',') ?? ['before', 'after'];
  for (const [mode, modeEnv] of Object.entries(MODES).filter(([name]) => chosen.some((prefix) => name.startsWith(prefix)))) {
    results[mode] = await measureMode({ ...env, ...modeEnv }, a, b);
    console.log(`\n${report(mode, results[mode], results.before)}`);
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/noisy-${new Date().toISOString().replaceAll(':', '-')}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ meta: { node: Object.values(results)[0]?.node, loadGeneratorNode: process.version, cpus: cpus().length, replicas, poolSize, duration, victimRate, modes: MODES }, results }, null, 2));
  console.log(`\nwrote ${file.pathname}`);
}

const scratch = await createScratchDatabase(serverUrl);
const outcome = await main(scratch.url).then(
  () => 0,
  (error: unknown) => (console.error(error), 1),
);
await scratch.drop();
process.exit(outcome);
