import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { seedScale } from '../db/seed-scale.js';
import { seedDemo } from '../db/seed.js';
import { describeStartupError } from '../runtime/startup-errors.js';

const TABLES = ['users', 'organizations', 'organization_members', 'workflows', 'workflow_versions', 'workflow_executions', 'integrations', 'api_keys'];

/** `npm run seed [-- --scale N]`: the demo data, and optionally N large generated organizations. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string' } } });
  const scale = values.scale === undefined ? 0 : Number(values.scale);
  if (!Number.isInteger(scale) || scale < 0) throw new ConfigError('--scale takes a whole number of organizations');
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
    let started = performance.now();
    const demo = await seedDemo(db, config);
    console.log(`Demo data (acme, globex) in ${seconds(started)}s.`);
    if (scale) {
      started = performance.now();
      const created = await seedScale(db.driver, scale);
      console.log(`Generated organizations scale-1 … scale-${scale}: ${created} new in ${seconds(started)}s.`);
    }
    console.log('Rows now in the database:');
    for (const table of TABLES) {
      const [{ count }] = await db.driver.query<{ count: string }>(`SELECT count(*)::text AS count FROM "${table}"`);
      console.log(`  ${table.padEnd(22)} ${count}`);
    }
    console.log('\nDemo API keys (all scopes; development only):');
    for (const key of demo.apiKeys) console.log(`  ${key.organizationSlug}: ${key.key}`);
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(describeStartupError(error));
    process.exit(1);
  },
);
