import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU time from /proc/<pid>/stat (utime + stime), of a variant's process and of the PostgreSQL
 * backends serving one database: the server is local, and pg_stat_statements is not loaded on every
 * server. Readings bracket a load run, during which the variant's pool keeps its connections.
 */

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of one process in milliseconds, or 0 when it has gone (or /proc is not Linux's). */
export function cpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields counted from its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * System calls one process has made so far that read or write (socket, file, pipe), from
 * /proc/<pid>/io; zeros when it has gone. Each database round trip, response and log line costs
 * some, and on this kind of machine each is tens of microseconds: the count is steadier than time.
 */
export function systemCalls(pid: number): { reads: number; writes: number } {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
    return { reads: field('syscr'), writes: field('syscw') };
  } catch {
    return { reads: 0, writes: 0 };
  }
}

/**
 * The machine's busy CPU time so far in milliseconds summed over all CPUs (every process, every
 * core: /proc/stat's first line less idle and iowait), and its elapsed CPU time: two readings give
 * the share of the machine a run kept busy.
 */
export function machineCpuMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = ticks[3] + ticks[4];
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

export interface PostgresCpu {
  /** CPU milliseconds the database's backends (other than this meter's own) have used so far. */
  read(): Promise<number>;
  close(): Promise<void>;
}

export async function meterPostgresCpu(databaseUrl: string): Promise<PostgresCpu> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Backends seen at any reading: one that exits later still counts for what it used until then.
  const lastSeen = new Map<number, number>();
  return {
    async read() {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      for (const { pid } of rows) lastSeen.set(pid, Math.max(lastSeen.get(pid) ?? 0, cpuMs(pid)));
      return [...lastSeen.values()].reduce((sum, ms) => sum + ms, 0);
    },
    close: () => client.end(),
  };
}
