import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Config } from '../config.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import { openPostgresPool } from './postgres-pool.js';

/**
 * The raw database underneath Prisma: an embedded PGlite or a node-postgres pool. Migrations, seeding
 * with COPY-style bulk inserts and health checks use it directly; everything else goes through Prisma.
 */
export interface Driver {
  kind: 'embedded' | 'postgres';
  /**
   * Whether a request may hold one connection for all its reads (db/request-session.ts). Only a
   * pool can: on a database with a single connection, a request holding it would make every other
   * request (and any in-process use) wait for it, so there each operation takes it briefly instead.
   */
  requestSessions: boolean;
  adapter: SqlDriverAdapterFactory;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
  /** Pool statistics for /metrics; PGlite has one connection. */
  poolStats(): { total: number; idle: number; waiting: number };
}

export interface SqlSession {
  /** Runs a script of several statements (a migration); no parameters. */
  exec(script: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

function openEmbedded(dataDir: string): Driver {
  const inMemory = dataDir === 'memory://';
  let unlock = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockEmbeddedDatabase(dataDir);
  }
  const db = inMemory ? new PGlite() : new PGlite(dataDir);
  return {
    kind: 'embedded',
    requestSessions: false,
    adapter: new PrismaPGlite(db),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (script) => void (await tx.exec(script)),
          query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
        }),
      ),
    query: async <R>(text: string, params?: unknown[]) => (await db.query<R>(text, params)).rows,
    close: async () => {
      await db.close();
      unlock();
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
  };
}

function openPostgres(config: Config['database'] & { url: string }): Driver {
  const { pool, adapter } = openPostgresPool(config);
  return {
    kind: 'postgres',
    requestSessions: true,
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
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

export function openDriver(database: Config['database']): Driver {
  return database.url ? openPostgres({ ...database, url: database.url }) : openEmbedded(database.embeddedDataDir);
}
