import { loadDatabaseConfig } from '../config.js';
import { describeStartupError } from '../runtime/startup-errors.js';
import { openDriver } from '../db/driver.js';
import { migrate } from '../db/migrator.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  const database = loadDatabaseConfig();
  const driver = await openDriver(database);
  try {
    const applied = await migrate(driver);
    const target = database.url ? 'DATABASE_URL' : database.embeddedDataDir;
    console.log(applied.length ? `Applied to ${target}:\n  ${applied.join('\n  ')}` : `${target} is up to date.`);
  } finally {
    await driver.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(describeStartupError(error));
    process.exit(1);
  },
);
