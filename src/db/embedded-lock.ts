import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * PGlite is PostgreSQL for one process: a second process opening the same data directory gets its
 * own copy of the buffers, and its writes either vanish for the first or damage the directory when
 * both flush. So one process holds the files, recorded in `<dataDir>.lock` with its pid, and serves
 * them (embedded-server.ts); it writes the address beside the lock, in `<dataDir>.url`, and every
 * other process connects there instead of opening the files.
 */

export class EmbeddedDatabaseBusyError extends Error {
  constructor(message: string, readonly holder: number | undefined) {
    super(message);
  }
}

export interface EmbeddedLock {
  /** Records where the holder serves the database, for the tools and psql. */
  publish(url: string): void;
  release(): void;
}

const addressFile = (dataDir: string) => `${dataDir}.url`;

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
    `The embedded database in ${dataDir} is already served by another Flowgate process (pid ${holder ?? 'unknown'}, e.g. npm start). ` +
      'Stop that process first, or set DATABASE_URL to use PostgreSQL, which any number of gateways can share.',
    holder,
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

function heldLock(dataDir: string): EmbeddedLock {
  const lockFile = `${dataDir}.lock`;
  // A dead holder's address leads nowhere; removing it at once keeps psql users from trying it.
  rmSync(addressFile(dataDir), { force: true });
  return {
    publish(url) {
      // Written whole and renamed into place, so a reader never sees half an address.
      writeFileSync(`${addressFile(dataDir)}.${process.pid}`, `${url}\n`, { mode: 0o600 });
      renameSync(`${addressFile(dataDir)}.${process.pid}`, addressFile(dataDir));
    },
    release() {
      if (holderOf(lockFile) !== process.pid) return;
      rmSync(addressFile(dataDir), { force: true });
      rmSync(lockFile, { force: true });
    },
  };
}

/** Takes the data directory for this process (a dead process's lock is taken over), or throws busy. */
export function lockEmbeddedDatabase(dataDir: string): EmbeddedLock {
  const lockFile = `${dataDir}.lock`;
  if (tryCreate(lockFile)) return heldLock(dataDir);
  const holder = holderOf(lockFile);
  if (holder !== undefined && isRunning(holder)) throw busy(dataDir, holder);
  rmSync(lockFile, { force: true });
  if (!tryCreate(lockFile)) throw busy(dataDir, holderOf(lockFile));
  return heldLock(dataDir);
}

/** How long a tool waits for a gateway that holds the lock but is still opening the database. */
const STARTING_GATEWAY_WAIT_MS = 120_000;

function readAddress(dataDir: string): string | undefined {
  try {
    return readFileSync(addressFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the holder serves the database. A gateway takes the lock before it opens the files and
 * publishes the address once it listens, so a tool that arrives in between waits for it; undefined
 * when the holder has gone meanwhile (the caller then takes the lock itself).
 */
export async function holderAddress(dataDir: string, holder: number): Promise<string | undefined> {
  const deadline = Date.now() + STARTING_GATEWAY_WAIT_MS;
  for (;;) {
    if (!isRunning(holder) || holderOf(`${dataDir}.lock`) !== holder) return undefined;
    const url = readAddress(dataDir);
    if (url) return url;
    if (Date.now() > deadline) {
      throw new EmbeddedDatabaseBusyError(`Flowgate (pid ${holder}) holds ${dataDir} but has not published its address in ${addressFile(dataDir)}.`, holder);
    }
    await sleep(100);
  }
}
