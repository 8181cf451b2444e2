import pg from 'pg';
import type { TestServer } from './server.js';

/**
 * Round trips to the database while `fn` runs — what `npm run bench` counts — and the bytes of the
 * rows the database sent back. On PostgreSQL round trips are counted on the wire, as calls node-postgres sends (a BEGIN that travels with the next statement
 * is not one of its own). The embedded database has no wire: there each statement Prisma reports is
 * one, plus the BEGIN of each transaction, which Prisma does not report (its COMMIT, also as PGlite's
 * "Implicit COMMIT" note, it does).
 */
let sent = 0;
/**
 * Bytes of the DataRow messages the database sent back, counted on node-postgres' connections (the
 * embedded database's too: pglite-socket). Only the rows: they are what a read selects, while the
 * messages around them can vary with what else happened on the connection (a notice, a COMMIT that
 * travelled with another statement). Through PgBouncer, CI once saw the same dashboard, same SQL
 * and same data, differ by 207 bytes on the socket.
 */
let rowBytes = 0;
const metered = new WeakSet<pg.Client>();
const send = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  sent += 1;
  if (!metered.has(this)) {
    metered.add(this);
    // `connection` is node-postgres' protocol connection; it is not in its type declarations.
    (this as unknown as { connection: NodeJS.EventEmitter }).connection.on('dataRow', (row: { length: number }) => (rowBytes += row.length));
  }
  return (send as (...a: unknown[]) => unknown).apply(this, args);
} as typeof send;

function fromLog(queries: readonly string[]): number {
  const transactions = queries.filter((query) => /^\s*(-- Implicit "COMMIT"|COMMIT)/.test(query)).length;
  return queries.length + transactions;
}

export async function countRoundTrips<T>(t: TestServer, fn: () => Promise<T>): Promise<{ roundTrips: number; rowBytes: number; result: T }> {
  // A read-only transaction's COMMIT may travel with the connection's next statement or alone a
  // moment later (src/db/postgres-pool.ts): each request's own is counted with it, sent alone.
  await t.db.driver.committed();
  t.queries.length = 0;
  const before = { sent, rowBytes };
  const result = await fn();
  await t.db.driver.committed();
  return { roundTrips: t.db.driver.kind === 'postgres' ? sent - before.sent : fromLog(t.queries), rowBytes: rowBytes - before.rowBytes, result };
}
