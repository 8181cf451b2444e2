import type { PrismaClient, TransactionClient } from './client.js';
import { joinRelations, setTenant, tenantTransaction, type TenantDb, type TenantScope, type TransactionTimeouts } from './tenant.js';

/**
 * DESIGN — one tenant session per request (PostgreSQL only).
 *
 * A request's reads share one transaction on one pooled connection: opened by the first read (BEGIN,
 * then the role and both settings in one statement), ended by `release()` — which the HTTP layer calls
 * when the response is complete or when the client goes away, whichever comes first — and bounded by
 * `maxDurationMs` in case neither ever happens. A dashboard is then BEGIN, settings, one statement,
 * COMMIT instead of a transaction per read.
 *
 * Mutations do not write inside it. `transaction(fn)` first ends the read session (its reads are
 * done: graphql-js runs mutation fields one after another), then runs `fn` in a short transaction of
 * its own, as before: the writes and the audit entry commit together, before the resolver returns,
 * so a failed commit is the mutation's own error and never a surprise after the response was sent; a
 * failed mutation rolls back only its own writes; and concurrent idempotent retries wait on a short
 * transaction, not on another request's response. Reads after it open a fresh session, which sees
 * the committed writes (READ COMMITTED). So a request holds at most one connection at any moment,
 * and a full pool can make requests wait (up to the acquire timeout, then SERVICE_UNAVAILABLE) but
 * never deadlock.
 *
 * The embedded database has one connection, and a request holding it would stall every other
 * request and the in-process worker: there `forTenant` (one short transaction per operation) stays,
 * chosen by the driver's `requestSessions` capability.
 */

export interface RequestSessionOptions extends TransactionTimeouts {
  /** The longest a session may stay open; Prisma rolls it back after that. */
  maxDurationMs: number;
}

/** Thrown into the transaction callback to roll back instead of committing. */
const ROLLBACK = Symbol('rollback');

class SessionEndedError extends Error {
  constructor() {
    super('The request session has ended; no further statements run in it');
    this.name = 'SessionEndedError';
  }
}

interface OpenSession {
  client: Promise<TransactionClient>;
  end(commit: boolean): Promise<void>;
}

function begin(base: PrismaClient, scope: TenantScope, options: RequestSessionOptions): OpenSession {
  let opened!: (tx: TransactionClient) => void;
  let failed!: (error: unknown) => void;
  let finish!: (commit: boolean) => void;
  const client = new Promise<TransactionClient>((resolve, reject) => ((opened = resolve), (failed = reject)));
  client.catch(() => {}); // a session nobody read from after it failed must not be an unhandled rejection
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  const done = base
    .$transaction(
      async (tx) => {
        await setTenant(tx, scope);
        opened(tx);
        if (!(await finished)) throw ROLLBACK;
      },
      { maxWait: options.acquireTimeoutMs, timeout: options.maxDurationMs },
    )
    .catch((error: unknown) => failed(error));
  return {
    client,
    async end(commit) {
      finish(commit);
      await done;
    },
  };
}

/**
 * A PrismaClient look-alike whose model delegates and raw methods wait for the session's transaction
 * client and run there, with relation joins on. Pothos and the resolvers only await what these return.
 */
function sessionClient(base: PrismaClient, client: () => Promise<TransactionClient>): PrismaClient {
  const delegates = new Map<string, unknown>();
  const delegate = (model: string) =>
    new Proxy(
      {},
      {
        get: (_target, operation) =>
          typeof operation !== 'string'
            ? undefined
            : (args: unknown) => client().then((tx) => (tx as any)[model][operation](joinRelations(operation, args))),
      },
    );
  return new Proxy({} as PrismaClient, {
    has: (_target, name) => name in base,
    get(_target, name) {
      if (typeof name !== 'string' || !(name in base)) return undefined;
      if (name.startsWith('$')) return (...args: unknown[]) => client().then((tx) => (tx as any)[name](...args));
      if (!delegates.has(name)) delegates.set(name, delegate(name));
      return delegates.get(name);
    },
  });
}

export function openRequestSession(base: PrismaClient, scope: TenantScope, options: RequestSessionOptions): TenantDb {
  let session: OpenSession | undefined;
  let ended = false;
  const client = () => {
    if (ended) return Promise.reject(new SessionEndedError());
    session ??= begin(base, scope, options);
    return session.client;
  };
  /** Commits the open session, if any; a later read opens a new one. */
  const endCurrent = async () => {
    const current = session;
    session = undefined;
    await current?.end(true);
  };
  return {
    prisma: sessionClient(base, client),
    scope,
    async transaction(fn) {
      if (ended) throw new SessionEndedError();
      await endCurrent();
      return tenantTransaction(base, scope, fn, options);
    },
    async release() {
      ended = true;
      await endCurrent();
    },
  };
}
