import type { PrismaClient, TransactionClient } from './client.js';
import { retryWhileAway, type Outage } from './database-away.js';
import { findMembershipAndSetTenant, type Membership } from './privileged.js';
import { failedWithItsSession, leftItsSessionUsable } from './session-aborted.js';
import { sessionClient } from './session-client.js';
import { connectionKey, setTenant, tenantTransaction, withinShare, type TenantDb, type TenantScope, type TransactionTimeouts } from './tenant.js';

/**
 * DESIGN — one tenant session per request (PostgreSQL only).
 *
 * A request's reads share one transaction on one pooled connection, ended by `release()` — which
 * the HTTP layer calls when the response is complete or when the client goes away, whichever comes
 * first — and bounded by `maxDurationMs` in case neither ever happens. A person's session opens with
 * the request: BEGIN, then the membership check, the role and both settings in ONE statement
 * (`openMemberSession`, privileged.ts), so authentication costs no round trip of its own. Any other
 * session opens with its first read (BEGIN, then the role and settings). A dashboard is then BEGIN
 * with the settings, one statement, COMMIT.
 *
 * A statement the database refused (a statement timeout, say) aborts the transaction: PostgreSQL
 * refuses every later statement in it (25P02) until ROLLBACK. So the first failure takes the session
 * out of use and rolls it back; that statement keeps its own error. The statements that were queued behind it
 * and failed only because the session was aborted or closed under them run once more in a fresh
 * session (once: a second failure is their own), and later reads open a fresh session too, with the
 * same role and settings. Nothing is lost by that: the session only held reads, and under READ
 * COMMITTED each statement reads its own snapshot anyway. The fresh session takes its connection
 * only after the rollback gave the old one back. A mutation's statements run in its transaction
 * directly and are never retried, and a mutation never writes in a failed session: that one is out
 * of use, so the mutation gets a short transaction of its own, after the rollback.
 *
 * Mutations write in the open session and end it (`transaction(fn)`): `fn`'s writes and the audit
 * entry commit with the session before the resolver returns, so a failed commit is the mutation's
 * own error and never a surprise after the response was sent; a failed mutation rolls the session
 * back, which loses nothing else, because the session held only reads and they are done (graphql-js
 * runs mutation fields one after another, each with its selections); and concurrent idempotent
 * retries wait on a short transaction, not on another request's response. With no session open,
 * `fn` runs in a short transaction of its own. Reads after it open a fresh session, which sees the
 * committed writes (READ COMMITTED). So a request holds at most one connection at any moment, and a
 * full pool can make requests wait (up to the acquire timeout, then SERVICE_UNAVAILABLE) but never
 * deadlock.
 *
 * The embedded database has one connection, and a request holding it would stall every other
 * request and the in-process worker: there `forTenant` (one short transaction per operation) stays,
 * chosen by the driver's `requestSessions` capability.
 */

export interface RequestSessionOptions extends TransactionTimeouts {
  /** The longest a session may stay open; Prisma rolls it back after that. */
  maxDurationMs: number;
  /** The gateway's view of a database outage, shared by its requests (database-away.ts). */
  outage?: Outage;
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
  /** Commits or rolls back; rejects when the commit fails. */
  end(commit: boolean): Promise<void>;
}

/**
 * Runs `open` (the tenant settings, with or without the membership look-up) as the transaction's
 * first statement. The transaction takes its connection only once `after` settles: the request's
 * previous session must have given its connection back first; and within the share of `key`
 * (TENANT_MAX_CONNECTIONS), held until the transaction has ended.
 */
function begin(
  base: PrismaClient,
  open: (tx: TransactionClient) => Promise<unknown>,
  options: RequestSessionOptions & { key: string | null },
  after: Promise<void> = Promise.resolve(),
): OpenSession {
  let opened!: (tx: TransactionClient) => void;
  let failed!: (error: unknown) => void;
  let finish!: (commit: boolean) => void;
  const client = new Promise<TransactionClient>((resolve, reject) => ((opened = resolve), (failed = reject)));
  client.catch(() => {}); // a session nobody read from after it failed must not be an unhandled rejection
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  const done = after.then(() =>
    withinShare(options, options.key, () =>
      base.$transaction(
        async (tx) => {
          await open(tx);
          opened(tx);
          if (!(await finished)) throw ROLLBACK;
        },
        { maxWait: options.acquireTimeoutMs, timeout: options.maxDurationMs },
      ),
    ),
  );
  done.catch((error: unknown) => failed(error));
  return {
    client,
    async end(commit) {
      finish(commit);
      await done.catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });
    },
  };
}

/**
 * A mutation's writes in the open session: they commit with it, before the resolver returns, or
 * roll it back with them. The session held only reads, which are done, so nothing else is lost.
 */
async function completeWith<T>(session: OpenSession, fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn(await session.client);
  } catch (error) {
    await session.end(false).catch(() => {});
    throw error;
  }
  await session.end(true);
  return result;
}

function requestSession(base: PrismaClient, scope: TenantScope, options: RequestSessionOptions, first?: OpenSession): TenantDb {
  let session = first;
  let ended = false;
  /** The rollback of the last session a failed statement took out of use; the next session waits for it. */
  let closing: Promise<void> = Promise.resolve();
  const current = () => {
    if (ended) throw new SessionEndedError();
    session ??= begin(base, (tx) => setTenant(tx, scope), { ...options, key: connectionKey(scope) }, closing);
    return session;
  };
  /** Takes the open session, if any, out of use; a later read opens a new one. */
  const take = () => {
    const open = session;
    session = undefined;
    return open;
  };
  /** PostgreSQL refuses every statement after a failed one (25P02) until ROLLBACK: roll it back now. */
  const retire = (failed: OpenSession) => {
    if (session !== failed) return; // already retired, or ended by a mutation or release()
    session = undefined;
    closing = failed.end(false).catch(() => {});
  };
  /**
   * The first failed statement keeps its own error; the statements behind it that failed only
   * because that session was aborted or closed run once more, in a fresh session.
   */
  const runOnce = async <T>(statement: (tx: TransactionClient) => Promise<T>, retried = false): Promise<T> => {
    const used = current();
    try {
      return await statement(await used.client);
    } catch (error) {
      if (leftItsSessionUsable(error)) throw error;
      retire(used);
      if (retried || !failedWithItsSession(error)) throw error;
      return runOnce(statement, true);
    }
  };
  /** A read that finds the database away (a restart) runs again in a fresh session (database-away.ts). */
  const run = <T>(statement: (tx: TransactionClient) => Promise<T>): Promise<T> => retryWhileAway(() => runOnce(statement), options.acquireTimeoutMs ?? 0, options.outage);
  return {
    prisma: sessionClient(base, run),
    scope,
    async transaction(fn) {
      if (ended) throw new SessionEndedError();
      const open = take();
      if (open) return completeWith(open, fn);
      await closing;
      return tenantTransaction(base, scope, fn, options);
    },
    async release() {
      ended = true;
      const open = take();
      await closing;
      await open?.end(true);
    },
  };
}

export function openRequestSession(base: PrismaClient, scope: TenantScope, options: RequestSessionOptions): TenantDb {
  return requestSession(base, scope, options);
}

/**
 * A person's request session, opened at once: its first statement also checks the membership that
 * selects the tenant (privileged.ts), so authentication costs no round trip of its own. A person who
 * is not a member gets a session without an organization, and `membership` null. Before that check
 * the organization is only claimed: the session counts against `shareKey`, the share admission
 * chose (the organization once this person's membership was seen, else the person's own).
 */
export async function openMemberSession(
  base: PrismaClient,
  person: { userId: string; organization: string },
  options: RequestSessionOptions & { shareKey?: string | null },
): Promise<{ db: TenantDb; membership: Membership | null }> {
  let membership: Membership | null = null;
  const key = options.shareKey ?? null;
  // Its first statement is a read: across a restart it is opened again (database-away.ts).
  const session = await retryWhileAway(async () => {
    const opening = begin(base, async (tx) => (membership = await findMembershipAndSetTenant(tx, person.userId, person.organization)), { ...options, key });
    await opening.client;
    return opening;
  }, options.acquireTimeoutMs ?? 0, options.outage);
  const found = membership as Membership | null;
  const scope = { organizationId: found?.organization.id ?? null, userId: person.userId };
  return { db: requestSession(base, scope, options, session), membership: found };
}
