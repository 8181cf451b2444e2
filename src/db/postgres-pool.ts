import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config.js';

type QueryConfig = { text?: string; values?: unknown[]; name?: string; rowMode?: string; types?: unknown };

/** What `client.query('BEGIN')` resolves to when the BEGIN waits for the next statement. */
const DEFERRED_BEGIN = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] };

/**
 * A pooled connection that runs one statement at a time, sends a transaction's BEGIN together with
 * its first statement, and gives every transaction its statement timeout.
 *
 * One at a time: Prisma sends a read's statements concurrently (relation loads, parallel resolvers
 * on one request session), and node-postgres would queue them itself with "Calling client.query()
 * when the client is already executing a query" — a queue pg 9 removes. Here they wait their turn
 * in a promise chain instead: the same order on the wire, without the deprecated path.
 *
 * BEGIN: answering it costs a round trip of its own although nothing can go wrong that the next
 * statement would not also show. So a BEGIN is answered at once and travels with the next statement
 * as one simple-protocol message ("BEGIN; <statement>") when that statement has no parameters —
 * the tenant settings statement is written so (tenant.ts). Otherwise BEGIN is sent on its own first.
 *
 * Statement timeout: `SET LOCAL statement_timeout` travels in the same message as BEGIN. It is not a
 * startup parameter, because PgBouncer (and most poolers) close a connection whose startup packet
 * carries one they do not know (1.18: "unsupported startup parameter: statement_timeout"), and a
 * session-level SET would stay behind on whichever server connection a transaction-mode pooler lent.
 * A statement outside any transaction (a health check, a privileged look-up by key) has none.
 */
class OneAtATimeClient extends pg.Client {
  private tail: Promise<unknown> = Promise.resolve();
  private beginPending = false;
  /** What opens a transaction: `BEGIN; SET LOCAL statement_timeout = …` (openPostgresPool). */
  protected begin = 'BEGIN';

  // pg's overloads cannot be restated in a subclass; every call shape is forwarded unchanged.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    const submittable = typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function';
    if (typeof last === 'function' || submittable) return this.send(args);
    const run = this.tail.then(() => this.next(args));
    this.tail = run.catch(() => {});
    return run;
  }

  private send(args: unknown[]): Promise<any> {
    return (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
  }

  private async next(args: unknown[]): Promise<unknown> {
    const config: QueryConfig = typeof args[0] === 'string' ? { text: args[0], values: args[1] as unknown[] | undefined } : (args[0] as QueryConfig);
    const text = config.text?.trim() ?? '';
    const parameterless = !config.values || config.values.length === 0;
    if (/^BEGIN$/i.test(text) && parameterless && !this.beginPending) {
      this.beginPending = true;
      return DEFERRED_BEGIN;
    }
    if (!this.beginPending) return this.send(args);
    this.beginPending = false;
    if (!parameterless) {
      await this.send([this.begin]);
      return this.send(args);
    }
    const { name: _name, ...unnamed } = config; // a simple-protocol message cannot be a named statement
    const results = (await this.send([{ ...unnamed, text: `${this.begin}; ${text}` }])) as unknown[];
    const rest = results.slice(this.begin.split(';').length);
    return rest.length === 1 ? rest[0] : rest;
  }

  /** A connection goes back to the pool with no BEGIN of a finished checkout still waiting. */
  forgetPendingBegin(): void {
    this.beginPending = false;
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
  const begin = `BEGIN; SET LOCAL statement_timeout = ${Math.floor(config.statementTimeoutMs)}`;
  const Client = class extends OneAtATimeClient {
    protected override begin = begin;
  };
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    Client,
    // How long a request may queue for a connection before it is told SERVICE_UNAVAILABLE; also how
    // long a connection attempt to an unreachable database may take.
    connectionTimeoutMillis: config.acquireTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor one dropped while checked out between two statements of a transaction: the pool listens only
  // to idle connections, and pg emits the server's FATAL (57P01 on a restart) on the client itself.
  // The next statement on it fails and takes the database-away path (retried read, or 503).
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('release', (_error: Error | undefined, client: pg.PoolClient) => (client as unknown as OneAtATimeClient).forgetPendingBegin());
  const adapter = new PrismaPg(pool, config.preparedStatements ? { statementNameGenerator: statementNames() } : {});
  return { pool, adapter };
}
