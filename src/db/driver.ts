import { mkdirSync } from 'node:fs';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Config } from '../config.js';
import { EmbeddedDatabaseBusyError, holderAddress, lockEmbeddedDatabase, type EmbeddedLock } from './embedded-lock.js';
import { serveEmbedded } from './embedded-server.js';
import { openPostgresPool } from './postgres-pool.js';

/**
 * The raw database underneath Prisma: a node-postgres pool, on PostgreSQL or on the embedded PGlite.
 * Migrations, seeding with COPY-style bulk inserts and health checks use it directly; everything else
 * goes through Prisma.
 */
export interface Driver {
  kind: 'embedded' | 'postgres';
  /**
   * Whether a request may hold one connection for all its reads (db/request-session.ts). Only a
   * pool can: on a database with a single connection, a request holding it would make every other
   * request (and any in-process use) wait for it, so there each operation takes it briefly instead.
   */
  requestSessions: boolean;
  /** Where it connects (a libpq URL): `flowgate psql` hands it to psql. */
  url: string;
  adapter: SqlDriverAdapterFactory;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
  /**
   * Resolves once every read-only transaction that has ended has committed on the server: on
   * PostgreSQL such a COMMIT travels with the connection's next statement, or alone within a few
   * milliseconds (postgres-pool.ts).
   */
  committed(): Promise<void>;
  /** Pool statistics for /metrics; the embedded database has one connection. */
  poolStats(): { total: number; idle: number; waiting: number };
}

export interface SqlSession {
  /** Runs a script of several statements (a migration); no parameters. */
  exec(script: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

/** Whether this process must serve the embedded database itself (the gateway) or may join the one that does. */
export interface OpenOptions {
  serve?: boolean;
}

/**
 * The embedded database, reached like a PostgreSQL server: over pglite-socket, with one pooled
 * connection. One connection keeps the embedded path's design: a single session in which nothing
 * can wait for itself. No named statements: PGlite is one session shared by every client, and two
 * clients preparing the same name would collide. The process holding the files serves them; any
 * other joins it.
 */
async function openEmbedded(config: Config['database'], options: OpenOptions): Promise<Driver> {
  const dataDir = config.embeddedDataDir;
  const connect = (url: string, close: () => Promise<void>): Driver => {
    const driver = openPostgres({ ...config, url, poolSize: 1, preparedStatements: false }, 'embedded');
    return { ...driver, close: () => driver.close().finally(close) };
  };
  if (dataDir === 'memory://') {
    const server = await serveEmbedded(dataDir);
    return connect(server.url, server.close);
  }
  mkdirSync(dataDir, { recursive: true });
  for (;;) {
    let lock: EmbeddedLock;
    try {
      lock = lockEmbeddedDatabase(dataDir);
    } catch (error) {
      if (options.serve || !(error instanceof EmbeddedDatabaseBusyError) || error.holder === undefined) throw error;
      const url = await holderAddress(dataDir, error.holder);
      if (url) return connect(url, async () => {});
      continue; // the holder went away while we waited: the files are free
    }
    try {
      const server = await serveEmbedded(dataDir);
      lock.publish(server.url);
      return connect(server.url, () => server.close().finally(() => lock.release()));
    } catch (error) {
      lock.release();
      throw error;
    }
  }
}

function openPostgres(config: Config['database'] & { url: string }, kind: Driver['kind'] = 'postgres'): Driver {
  const { pool, adapter, committed } = openPostgresPool(config, { deferCommits: kind === 'postgres' });
  return {
    kind,
    // A request may hold a connection only where there are several (see requestSessions above).
    requestSessions: kind === 'postgres',
    url: config.url,
    adapter,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (script) => void (await client.query(script)),
          query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    query: async <R>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as R[],
    committed,
    close: () => committed().then(() => pool.end()),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

export async function openDriver(database: Config['database'], options: OpenOptions = {}): Promise<Driver> {
  return database.url ? openPostgres({ ...database, url: database.url }) : openEmbedded(database, options);
}
