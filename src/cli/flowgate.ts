/**
 * src/cli/: the `flowgate` admin commands and the migrate/seed entry points. Imports db/, auth/,
 * modules/ services and runtime/ (and graphql/schema.ts, to validate operations); never http/ or ws/.
 */
import { loadConfig, loadDatabaseConfig, type Config } from '../config.js';
import { describeStartupError } from '../runtime/startup-errors.js';
import { openDatabase, type Database } from '../db/database.js';
import { UsageError } from './args.js';
import { apiKeyCommand, apiKeyUsage } from './commands/api-key.js';
import { ConnectionError, dbCommand, dbUsage } from './commands/db.js';
import { operationsCommand, operationsUsage } from './commands/operations.js';
import { psqlCommand, psqlUsage } from './commands/psql.js';
import { tokenCommand, tokenUsage } from './commands/token.js';

const usage = `usage: npm run flowgate -- <command>

  ${tokenUsage}
  ${apiKeyUsage}
  ${operationsUsage}
  ${dbUsage}
  ${psqlUsage}

Uses DATABASE_URL, or the embedded database in .flowgate/data when it is unset (through the running
gateway while \`npm start\` runs, directly otherwise).`;

/** Resolves with the exit code when the command decides one (a check that failed), else 0. */
type Command = (argv: string[], config: Config, db: Database) => Promise<number | void>;

const COMMANDS: Record<string, Command> = {
  token: tokenCommand,
  apikey: (argv, config, db) => apiKeyCommand(argv, config, db),
  operations: (argv, _config, db) => operationsCommand(argv, db),
  psql: (argv, _config, db) => psqlCommand(argv, db),
};

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage);
    return 0;
  }
  // The audit opens the database without migrating it and decides its own exit code.
  if (name === 'db') return dbCommand(rest, loadDatabaseConfig());
  // A typo is answered with the usage text before anything touches the database.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command: ${name}`);
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    return (await command(rest, config, db)) ?? 0;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else console.error(error instanceof ConnectionError ? error.message : describeStartupError(error));
    process.exit(error instanceof UsageError || error instanceof ConnectionError ? 2 : 1);
  },
);
