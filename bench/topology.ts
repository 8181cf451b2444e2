import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { forkVariant } from './child.js';
import { runLoad } from './load.js';
import { buildScenarios, type Scenario } from './scenarios.js';
import { createScratchDatabase, prepareData } from './scratch-db.js';
import type { Payloads } from '../src/db/seed-payloads.js';

const run = promisify(execFile);
const SCRIPT = new URL('../scripts/topology.sh', import.meta.url).pathname;

/**
 * The topology run: PostgreSQL's scale-out pieces from scripts/topology.sh (a primary, two streaming
 * standbys, PgBouncer in transaction mode), all on this machine. The dashboard on the primary alone
 * against the primary with both standbys (DATABASE_REPLICA_URLS), and the partner list directly
 * against through PgBouncer (DATABASE_PREPARED_STATEMENTS=false, as PgBouncer 1.18 needs). On one
 * machine the standbys share its CPUs with the primary and the gateway: the run shows what they cost
 * and that reads reach them, not the gain of standbys on machines of their own.
 */

export interface TopologyRow {
  scenario: string;
  setup: string;
  requestsPerSecond: number;
  p99: number;
  failed: number;
  /** Query operations per target during the run, from the gateway's /metrics (replica setups). */
  readsPerTarget?: Record<string, number>;
  /** The largest replica lag /metrics showed, sampled each second of the run (ms). */
  maxLagMs?: number;
}

interface Topology {
  dir: string;
  primaryUrl: string;
  standbyUrls: string[];
  pgbouncerUrl: string;
}

async function up(): Promise<Topology> {
  const { stdout } = await run('bash', [SCRIPT, 'up', '--standbys', '2']);
  const values = Object.fromEntries(stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { dir: values.TOPOLOGY_DIR!, primaryUrl: values.PRIMARY_URL!, standbyUrls: values.STANDBY_URLS!.split(','), pgbouncerUrl: values.PGBOUNCER_URL! };
}

const onDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/** Resolves once every standby has replayed what the primary has written (the seed). */
async function caughtUp(primaryUrl: string, standbyUrls: string[]): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  await primary.end();
  for (const url of standbyUrls) {
    const standby = new pg.Client({ connectionString: url });
    await standby.connect();
    while (!(await standby.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0]!.lsn])).rows[0]!.done) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await standby.end();
  }
}

async function metricsText(graphqlUrl: string): Promise<string> {
  return (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
}

function series(text: string, name: string, label: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const match of text.matchAll(new RegExp(`^${name}\\{${label}="([^"]+)"\\} (\\S+)$`, 'gm'))) found[match[1]!] = Number(match[2]);
  return found;
}

async function measure(env: Record<string, string>, scenario: Scenario, setup: string, load: { connections: number; durationSeconds: number }): Promise<TopologyRow> {
  const child = await forkVariant('gateway', env);
  let maxLagMs = 0;
  const sampler = setInterval(async () => {
    const lags = Object.values(series(await metricsText(child.url).catch(() => ''), 'flowgate_db_replica_lag_ms', 'replica'));
    maxLagMs = Math.max(maxLagMs, ...lags);
  }, 1_000);
  try {
    const result = await runLoad(child.url, scenario, load);
    const reads = series(await metricsText(child.url), 'flowgate_db_reads_total', 'target');
    const replicas = env.DATABASE_REPLICA_URLS !== undefined;
    return {
      scenario: scenario.name,
      setup,
      requestsPerSecond: result.requestsPerSecond,
      p99: result.p99,
      failed: result.non2xx + result.graphqlErrors,
      ...(replicas ? { readsPerTarget: reads, maxLagMs } : {}),
    };
  } finally {
    clearInterval(sampler);
    await child.stop();
  }
}

export async function runTopologyBench(baseEnv: Record<string, string>, options: { scale: number; payloads: Payloads; connections: number; durationSeconds: number }): Promise<TopologyRow[]> {
  const topology = await up();
  try {
    const scratch = await createScratchDatabase(topology.primaryUrl);
    const primary = scratch.url;
    const env = { ...baseEnv, DATABASE_URL: primary };
    const demo = await prepareData(loadConfig({ ...env, NODE_ENV: 'development' }), options.scale, options.payloads);
    const standbys = topology.standbyUrls.map((url) => onDatabase(url, scratch.name));
    await caughtUp(primary, standbys);
    const scenarios = await buildScenarios(loadConfig(env), primary, demo);
    const named = (name: string) => scenarios.find((scenario) => scenario.name === name)!;
    const load = { connections: options.connections, durationSeconds: options.durationSeconds };
    const pooled = { ...env, DATABASE_URL: onDatabase(topology.pgbouncerUrl, scratch.name), DATABASE_PREPARED_STATEMENTS: 'false' };
    return [
      await measure(env, named('dashboard'), 'primary alone', load),
      await measure({ ...env, DATABASE_REPLICA_URLS: standbys.join(',') }, named('dashboard'), 'primary + 2 standbys', load),
      await measure(env, named('partner'), 'direct', load),
      await measure(pooled, named('partner'), 'through PgBouncer', load),
    ];
  } finally {
    await run('bash', [SCRIPT, 'down', topology.dir]);
  }
}

export function topologyTable(rows: TopologyRow[]): string {
  const lines = ['| scenario | setup | req/s | p99 ms | failed | reads per target | max replica lag ms |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const reads = row.readsPerTarget ? Object.entries(row.readsPerTarget).map(([target, count]) => `${target} ${count}`).join(', ') : '–';
    lines.push(`| ${row.scenario} | ${row.setup} | ${row.requestsPerSecond.toFixed(0)} | ${row.p99.toFixed(1)} | ${row.failed} | ${reads} | ${row.maxLagMs ?? '–'} |`);
  }
  return lines.join('\n');
}
