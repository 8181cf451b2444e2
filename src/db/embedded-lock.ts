import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite is PostgreSQL for one process: a second process opening the same data directory gets its
 * own copy of the buffers, and its writes either vanish for the first (a CLI-created API key the
 * running gateway never sees) or damage the directory when both flush. So the embedded database is
 * held by one process at a time, recorded in `<dataDir>.lock` with its pid, and a second process is
 * refused with a message saying what to do instead.
 */

export class EmbeddedDatabaseBusyError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function busy(dataDir: string, holder: number | undefined) {
  return new EmbeddedDatabaseBusyError(
    `The embedded database in ${dataDir} is in use by another Flowgate process (pid ${holder ?? 'unknown'}, e.g. npm start). ` +
      'PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use PostgreSQL, ' +
      'which any number of processes can share.',
  );
}

/** Creates the lock file only if there is none, so two processes starting at once cannot both win. */
function tryCreate(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the data directory for this process (a dead process's lock is taken over); returns the release. */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  const release = () => {
    if (holderOf(lockFile) === process.pid) rmSync(lockFile, { force: true });
  };
  if (tryCreate(lockFile)) return release;
  const holder = holderOf(lockFile);
  if (holder === process.pid) return () => {};
  if (holder !== undefined && isRunning(holder)) throw busy(dataDir, holder);
  rmSync(lockFile, { force: true });
  if (!tryCreate(lockFile)) throw busy(dataDir, holderOf(lockFile));
  return release;
}
