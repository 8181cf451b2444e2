import { ConfigError } from '../config.js';
import { DatabaseConnectionError, PendingMigrationsError } from '../db/database.js';
import { EmbeddedDatabaseBusyError } from '../db/embedded-lock.js';
import { MigrationError } from '../db/migrator.js';
import { SeedRefusedError } from '../db/seed.js';
import { ListenError } from '../http/listen.js';

/** Problems an operator fixes by reading one sentence: their message is all the command prints. */
const EXPLAINED = [ConfigError, DatabaseConnectionError, PendingMigrationsError, MigrationError, SeedRefusedError, EmbeddedDatabaseBusyError, ListenError];

/** What a command prints when it stops on `error`: the message of a known problem, else the whole error. */
export function describeStartupError(error: unknown): unknown {
  return EXPLAINED.some((known) => error instanceof known) ? (error as Error).message : error;
}
