/**
 * src/cli/: the `flowgate` admin commands and the migrate/seed entry points. Imports db/, auth/,
 * modules/ services and runtime/ (and graphql/schema.ts, to validate operations); never http/ or ws/.
 */
import { loadConfig, type Config } from '../config.js';
import { describeStartupError } from '../runtime/startup-errors.js';
import { openDatabase, type Database } from '../db/database.js';
import { UsageError } from './args.js';
import { apiKeyCommand, apiKeyUsage } from './commands/api-key.js';
import { operationsCommand, operationsUsage } from './commands/operations.js';
import { psqlCommand, psqlUsage } from './commands/psql.js';
import { tokenCommand, tokenUsage } from './commands/token.js';

const usage = `usage: npm run flowgate -- <command>

  ${tokenUsage}
  ${apiKeyUsage}
  ${operationsUsage}
  ${psqlUsage}

Uses DATABASE_URL, or the embedded database in .flowgate/data when it is unset (through the running
gateway while \`npm start\` runs, directly otherwise).`;

type Command = (argv: string[], config: Config, db: Database) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  token: tokenCommand,
  apikey: (argv, _config, db) => apiKeyCommand(argv, db),
  operations: (argv, _config, db) => operationsCommand(argv, db),
  psql: (argv, _config, db) => psqlCommand(argv, db),
};

async function run(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage);
    return;
  }
  // A typo is answered with the usage text before anything touches the database.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command: ${name}`);
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await command(rest, config, db);
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else console.error(describeStartupError(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
