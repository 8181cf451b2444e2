import pg from 'pg';
import type { Config } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { openDriver } from '../src/db/driver.js';
import { migrate } from '../src/db/migrator.js';
import { seedDemo, type DemoSummary } from '../src/db/seed.js';
import type { Payloads } from '../src/db/seed-payloads.js';
import { seedScale } from '../src/db/seed-scale.js';

/**
 * A database of the benchmark's own on the local server, so a run never touches anyone's data and
 * always starts from the same rows. It is dropped at the end, also when the run fails.
 */

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `flowgate_bench_${Date.now()}`;
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Migrates, then seeds the demo organizations and `scale` generated ones with `payloads`. */
export async function prepareData(config: Config, scale: number, payloads: Payloads): Promise<DemoSummary> {
  const driver = await openDriver(config.database);
  try {
    await migrate(driver);
    await seedScale(driver, scale, payloads);
    // Planner statistics for the bulk-loaded rows, as autovacuum would gather them on a live database.
    await driver.query('ANALYZE');
  } finally {
    await driver.close();
  }
  const database = await openDatabase(config.database);
  try {
    return await seedDemo(database, config);
  } finally {
    await database.close();
  }
}

/**
 * Executions queued by the runWorkflow scenario (input {"bench":true}) and their audit entries,
 * then VACUUM: the deleted runs are each workflow's newest executions, so until their dead index
 * entries are gone every "latest execution" look-up of the next variant's dashboard walks through
 * them (measured: PostgreSQL's CPU per dashboard 2.5 ms first, 4.4–7.2 ms right after another
 * variant's runs). Without it the variant measured first had an advantage whenever autovacuum
 * had not come by.
 */
export async function deleteBenchRuns(url: string): Promise<void> {
  await admin(url, async (client) => {
    await client.query(`DELETE FROM audit_log_entries WHERE action = 'workflow.run'`);
    await client.query(`DELETE FROM workflow_executions WHERE input @> '{"bench":true}'::jsonb`);
    await client.query('VACUUM (ANALYZE) workflow_executions, audit_log_entries');
  });
}
