import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config.js';

/**
 * A pooled connection that runs one statement at a time. Prisma sends a read's statements
 * concurrently (relation loads, a request's parallel resolvers on one request session), and
 * node-postgres would queue them itself with "Calling client.query() when the client is already
 * executing a query" — a queue pg 9 removes. Here they wait their turn in a promise chain instead,
 * which is the same order on the wire without the deprecated path.
 */
class OneAtATimeClient extends pg.Client {
  private tail: Promise<unknown> = Promise.resolve();

  // pg's overloads cannot be restated in a subclass; every call shape is forwarded unchanged.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    const submittable = typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function';
    if (typeof last === 'function' || submittable) return (super.query as (...a: unknown[]) => unknown)(...args);
    const run = this.tail.then(() => (super.query as (...a: unknown[]) => Promise<unknown>)(...args));
    this.tail = run.catch(() => {});
    return run;
  }
}

/**
 * Named statements: PostgreSQL parses and plans a statement once per connection, then only binds and
 * executes it. The name is a hash of the text, so two texts never share a name. Behind PgBouncer in
 * transaction mode this needs PgBouncer >= 1.21 with max_prepared_statements > 0 (DATABASE_PREPARED_STATEMENTS=false otherwise).
 */
function statementNames(): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `fg_${createHash('sha1').update(sql).digest('base64url')}`;
      // Query shapes are finite, but a bound keeps an unexpected variety from growing memory.
      if (names.size > 5_000) names.clear();
      names.set(sql, name);
    }
    return name;
  };
}

export function openPostgresPool(config: Config['database'] & { url: string }) {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    Client: OneAtATimeClient,
    // How long a request may queue for a connection before it is told SERVICE_UNAVAILABLE; also how
    // long a connection attempt to an unreachable database may take.
    connectionTimeoutMillis: config.acquireTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool, config.preparedStatements ? { statementNameGenerator: statementNames() } : {});
  return { pool, adapter };
}
