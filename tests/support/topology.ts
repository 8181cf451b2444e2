import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { runTsx } from './process.js';

const run = promisify(execFile);
const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'topology.sh');

/**
 * A PostgreSQL primary, streaming standbys and PgBouncer (transaction mode) in front of the primary,
 * started by `scripts/topology.sh` in a temporary folder on free ports — the same script people use.
 * Tests under tests/topology/ run only in the PostgreSQL run of the suite (jest.config.js); there a
 * missing pgbouncer or PostgreSQL binary fails the test with the script's message, never skips it.
 */
export interface Topology {
  primaryUrl: string;
  standbyUrls: string[];
  pgbouncerUrl: string;
  /** Fast restart of the primary (pg_ctl restart -m fast); resolves once it accepts connections again. */
  restartPrimary(): Promise<void>;
  /** Stops (fast) or starts one server: `primary`, `standby1`, … */
  stop(name: string): Promise<void>;
  start(name: string): Promise<void>;
  down(): Promise<void>;
}

export async function startTopology(standbys = 1): Promise<Topology> {
  const { stdout } = await run('bash', [SCRIPT, 'up', '--standbys', String(standbys)], { timeout: 120_000 });
  const values = Object.fromEntries(stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const dir = values.TOPOLOGY_DIR!;
  return {
    primaryUrl: values.PRIMARY_URL!,
    standbyUrls: values.STANDBY_URLS ? values.STANDBY_URLS.split(',') : [],
    pgbouncerUrl: values.PGBOUNCER_URL!,
    restartPrimary: async () => void (await run('bash', [SCRIPT, 'restart', dir], { timeout: 120_000 })),
    stop: async (name) => void (await run('bash', [SCRIPT, 'stop', dir, name], { timeout: 120_000 })),
    start: async (name) => void (await run('bash', [SCRIPT, 'start', dir, name], { timeout: 120_000 })),
    down: async () => void (await run('bash', [SCRIPT, 'down', dir], { timeout: 120_000 })),
  };
}

/** `url` with another database name: the topology's servers start with `postgres` only. */
export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/** Creates the database `flowgate` on the topology's primary and migrates it (`npm run migrate`); returns its direct URL. */
export async function createMigratedDatabase(topology: Topology): Promise<string> {
  const admin = new pg.Client({ connectionString: topology.primaryUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE flowgate');
  await admin.end();
  const url = withDatabase(topology.primaryUrl, 'flowgate');
  const migrated = await runTsx('src/cli/migrate.ts', [], { DATABASE_URL: url });
  if (migrated.code !== 0) throw new Error(`migrating the topology's database failed:\n${migrated.stdout}${migrated.stderr}`);
  return url;
}
