import { spawn } from 'node:child_process';
import { ConfigError } from '../../config.js';
import type { Database } from '../../db/database.js';

export const psqlUsage = 'psql [psql options]                 psql on the database Flowgate uses (DATABASE_URL, or the embedded one)';

/**
 * psql on the database the other commands use: DATABASE_URL, the running gateway's embedded database
 * (through the address it publishes), or, with no gateway running, the embedded files, served by
 * this command for as long as psql runs.
 */
export function psqlCommand(argv: string[], db: Database): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [db.driver.url, ...argv], { stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new ConfigError('psql is not installed (Debian/Ubuntu: apt-get install postgresql-client)') : error),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new ConfigError(`psql exited with code ${code}`))));
  });
}
