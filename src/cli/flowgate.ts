import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { UsageError } from './args.js';
import { apiKeyCommand, apiKeyUsage } from './commands/api-key.js';
import { operationsCommand, operationsUsage } from './commands/operations.js';
import { tokenCommand, tokenUsage } from './commands/token.js';

const usage = `usage: npm run flowgate -- <command>

  ${tokenUsage}
  ${apiKeyUsage}
  ${operationsUsage}

Uses DATABASE_URL, or the embedded database in .flowgate/data when it is unset.`;

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    if (command === 'token') await tokenCommand(rest, config, db);
    else if (command === 'apikey') await apiKeyCommand(rest, db);
    else if (command === 'operations') await operationsCommand(rest, db);
    else throw new UsageError(`unknown command: ${command}`);
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else console.error(error instanceof ConfigError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
