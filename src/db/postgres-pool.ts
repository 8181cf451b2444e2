import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config.js';

type QueryConfig = { text?: string; values?: unknown[]; name?: string; rowMode?: string; types?: unknown };

/** What `client.query('BEGIN')`, or a read-only transaction's COMMIT, resolves to when it waits for the next statement. */
const answeredAtOnce = (command: 'BEGIN' | 'COMMIT') => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * A statement that can change nothing a COMMIT would make visible or release: a plain SELECT
 * (functions that only read, `set_config` of transaction-local settings). Row locks, advisory locks,
 * notifications and sequences take effect or are held until COMMIT, so they count as writes, as
 * does anything that is not a SELECT. Unsure means a write: its COMMIT is then simply not deferred.
 */
const READ_ONLY = /^SELECT\b/i;
const TAKES_EFFECT_AT_COMMIT = /\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE)\b|\bFOR\s+KEY\s+SHARE\b|\b(?:pg_notify|nextval|setval|pg_advisory\w*|lo_\w+)\s*\(/i;
const changesNothing = (text: string) => READ_ONLY.test(text) && !TAKES_EFFECT_AT_COMMIT.test(text);

/**
 * How long a deferred COMMIT may wait for the next checkout's first statement to take it along, so
 * that a connection idle in the pool holds no snapshot and no table lock for longer.
 */
const LONGEST_DEFERRAL_MS = 5;

/** The deferred COMMITs of one pool's connections that have not gone out yet. */
class DeferredCommits {
  private count = 0;
  private waiters: Array<() => void> = [];

  deferred(): void {
    this.count += 1;
  }

  sent(): void {
    this.count -= 1;
    if (this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves when every deferred COMMIT has been sent. */
  allSent(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * A pooled connection that runs one statement at a time, sends a transaction's BEGIN together with
 * its first statement, ends a read-only transaction together with the next one, and gives every
 * transaction its statement timeout.
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
 * COMMIT of a transaction that only read: nothing can fail that matters and nothing waits on it (a
 * request session commits after its response has gone), yet its round trip was a third of a `node`
 * request's database messages. So it is answered at once and travels in front of the connection's
 * next message ("COMMIT; BEGIN; …"): under load the pool hands the connection it got back last to
 * the next request within a millisecond. A connection nobody takes sends it alone after
 * LONGEST_DEFERRAL_MS. A transaction that wrote, locked or notified commits at once, as before: its
 * COMMIT can fail, and the mutation reports that.
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
  private commitPending = false;
  /** Whether the open transaction ran a statement that takes effect at COMMIT (changesNothing). */
  private wrote = false;
  /** What opens a transaction: `BEGIN; SET LOCAL statement_timeout = …` (openPostgresPool). */
  protected begin = 'BEGIN';
  /** The pool's tally of deferred COMMITs, or none where COMMITs must not wait (openPostgresPool). */
  protected commits: DeferredCommits | null = null;

  // pg's overloads cannot be restated in a subclass. Every statement takes its turn, callback-style
  // ones too (pg-pool's `pool.query`): each may have to carry a deferred COMMIT or BEGIN. A
  // submittable (a cursor or stream, which Flowgate does not use) is forwarded unchanged.
  override query(...args: unknown[]): any {
    if (typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function') return this.send(args);
    const last = args[args.length - 1];
    if (typeof last !== 'function') return this.inTurn(() => this.next(args));
    const callback = last as (error: Error | null, result?: unknown) => void;
    this.inTurn(() => this.next(args.slice(0, -1))).then(
      (result) => callback(null, result),
      (error: Error) => callback(error),
    );
    return undefined;
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const run = this.tail.then(step);
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
    if (parameterless && /^BEGIN$/i.test(text) && !this.beginPending) {
      this.beginPending = true;
      this.wrote = false;
      return answeredAtOnce('BEGIN');
    }
    if (this.commits && parameterless && /^COMMIT$/i.test(text) && !this.beginPending && !this.wrote) {
      this.commitPending = true;
      this.commits.deferred();
      return answeredAtOnce('COMMIT');
    }
    // Only where a COMMIT may wait, and until the first write: the check reads the whole statement.
    if (this.commits && !this.wrote && !changesNothing(text)) this.wrote = true;
    const prefix = [this.commitPending && 'COMMIT', this.beginPending && this.begin].filter(Boolean).join('; ');
    const committing = this.commitPending;
    this.commitPending = this.beginPending = false;
    if (!prefix) return this.send(args);
    try {
      if (!parameterless) {
        await this.send([prefix]);
        return this.send(args);
      }
      const { name: _name, ...unnamed } = config; // a simple-protocol message cannot be a named statement
      const results = (await this.send([{ ...unnamed, text: `${prefix}; ${text}` }])) as unknown[];
      const rest = results.slice(prefix.split(';').length);
      return rest.length === 1 ? rest[0] : rest;
    } finally {
      if (committing) this.commits?.sent();
    }
  }

  /**
   * Back in the pool: no BEGIN of the finished checkout waits. A deferred COMMIT goes with the
   * first message of the request that takes the connection next, or alone if none has by then.
   */
  returnedToPool(): void {
    this.beginPending = false;
    if (this.commitPending) setTimeout(() => void this.sendPendingCommit().catch(() => {}), LONGEST_DEFERRAL_MS).unref();
  }

  private sendPendingCommit(): Promise<unknown> {
    return this.inTurn(async () => {
      if (!this.commitPending) return;
      this.commitPending = false;
      try {
        await this.send(['COMMIT']);
      } finally {
        this.commits?.sent();
      }
    });
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

/**
 * Each connection's `application_name`: pg_stat_activity then tells which replica of the gateway
 * (host and process) holds a connection, and what state it is in.
 */
export const APPLICATION_NAME = `flowgate ${hostname()}:${process.pid}`.slice(0, 63);

/**
 * `deferCommits`: on a PostgreSQL server only. The embedded database is one session shared by every
 * client (pglite-socket): a transaction left open there would take in the next client's statements.
 */
export function openPostgresPool(config: Config['database'] & { url: string }, { deferCommits }: { deferCommits: boolean }) {
  const begin = `BEGIN; SET LOCAL statement_timeout = ${Math.floor(config.statementTimeoutMs)}`;
  const commits = deferCommits ? new DeferredCommits() : null;
  const Client = class extends OneAtATimeClient {
    protected override begin = begin;
    protected override commits = commits;
  };
  const pool = new pg.Pool({
    connectionString: config.url,
    application_name: APPLICATION_NAME,
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
  pool.on('release', (_error: Error | undefined, client: pg.PoolClient) => (client as unknown as OneAtATimeClient).returnedToPool());
  const adapter = new PrismaPg(pool, config.preparedStatements ? { statementNameGenerator: statementNames() } : {});
  /** Resolves once every read-only transaction that has ended has also committed on the server. */
  const committed = () => commits?.allSent() ?? Promise.resolve();
  return { pool, adapter, committed };
}
