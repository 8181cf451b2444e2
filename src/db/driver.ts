import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Config } from '../config.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';

/**
 * The raw database underneath Prisma: an embedded PGlite or a node-postgres pool. Migrations, seeding
 * with COPY-style bulk inserts and health checks use it directly; everything else goes through Prisma.
 */
export interface Driver {
  kind: 'embedded' | 'postgres';
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
  const poolConfig: pg.PoolConfig = {
    connectionString: config.url,
    max: config.poolSize,
    // Fail fast when the database is away instead of queueing requests forever.
    connectionTimeoutMillis: 5_000,
    statement_timeout: config.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
  };
  const pool = new pg.Pool(poolConfig);
  // A dropped idle connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    kind: 'postgres',
    adapter: new PrismaPg(pool),
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
