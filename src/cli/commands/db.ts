import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import { runAudit } from '../../db/audit/run-audit.js';
import { offeredLists } from '../../modules/lists/offered-lists.js';
import { formatMarkdown, formatText } from '../../db/audit/report.js';
import { openDriver, type Driver } from '../../db/driver.js';
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../../runtime/paths.js';
import { describeStartupError } from '../../runtime/startup-errors.js';
import { parseOptions, UsageError } from '../args.js';

export const dbUsage = 'db audit [--json] [--markdown FILE] [--migrations DIR] [--schema FILE]   check the live database; exit 0 pass, 1 fail';

/** The database cannot be reached or opened: exit 2, like a usage error, never "a check failed". */
export class ConnectionError extends Error {}

async function connect(database: Config['database']): Promise<Driver> {
  let driver: Driver | undefined;
  try {
    driver = await openDriver(database);
    await driver.query('SELECT 1');
    return driver;
  } catch (error) {
    await driver?.close().catch(() => {});
    const described = describeStartupError(error);
    throw new ConnectionError(typeof described === 'string' ? described : `cannot open the database: ${(error as Error).message}`);
  }
}

/** The API's schema, loaded only by the audit: the other commands need none of it. */
const loadSchema = async () => (await import('../../graphql/schema.js')).unguardedSchema;

/**
 * `flowgate db audit`: reads the live catalog (never migrates, unlike the other commands' open), so
 * that a database that is behind is reported, not repaired. Returns the exit code.
 */
export async function dbCommand(argv: string[], database: Config['database']): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    json: { type: 'boolean' },
    markdown: { type: 'string' },
    migrations: { type: 'string' },
    schema: { type: 'string' },
  });
  if (positionals.join(' ') !== 'audit') throw new UsageError(`unknown db command: ${positionals.join(' ') || '(none)'}`);
  const driver = await connect(database);
  try {
    const report = await runAudit({
      driver,
      migrationsDir: values.migrations ?? MIGRATIONS_DIR,
      schemaPath: values.schema ?? path.join(PROJECT_ROOT, 'schema.prisma'),
      lists: offeredLists(await loadSchema()),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatText(report));
    if (values.markdown) await writeFile(values.markdown, formatMarkdown(report));
    return report.ok ? 0 : 1;
  } finally {
    await driver.close();
  }
}
