import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded PGlite, served over the PostgreSQL protocol so that the gateway, the CLI, `seed`,
 * `migrate` and psql all reach it the same way: as clients of one server. PGlite is a single session;
 * pglite-socket's multiplexer queues its clients' messages and, while one client has a transaction
 * open, runs only that client's. The gateway is one of those clients (it never queries PGlite in
 * process), so nothing can run inside another client's transaction.
 *
 * It listens on a Unix socket in a fresh private directory (mode 0700), not on a TCP port: PGlite has
 * no authentication (every client is its superuser), and a socket only this user can open keeps other
 * local users out. The path is new on every start, so an address left behind by a gateway that died
 * can never lead to another database: it leads nowhere.
 */

/** The gateway's connection, a few tools and psql sessions at once. */
const MAX_CONNECTIONS = 16;

export interface EmbeddedServer {
  /** A libpq/node-postgres connection URL (`psql "<url>"` works). */
  url: string;
  close(): Promise<void>;
}

/** The libpq form for a Unix socket: the directory goes in the `host` parameter, the port names the file. */
export function socketUrl(socketDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
}

export async function serveEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const db = dataDir === 'memory://' ? new PGlite() : new PGlite(dataDir);
  const socketDir = await mkdtemp(path.join(tmpdir(), 'flowgate-db-'));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: socketUrl(socketDir),
    async close() {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
