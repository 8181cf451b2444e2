import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { actorUserId, type Actor } from '../auth/actor.js';
import { checkMembership, identify, withMembership, type Authentication, type Identified } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/bearer-token.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { openMemberSession, openRequestSession, type RequestSessionOptions } from '../db/request-session.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { Outage } from '../db/database-away.js';
import type { ReplicaSet } from '../db/replicas.js';
import type { EventBus } from '../events/event-bus.js';
import { forTenant, type IsolationMode, type TenantDb, type TenantScope } from '../db/tenant.js';
import type { TenantConnections } from '../db/tenant-connections.js';
import type { Organization, Role } from '../generated/prisma/client.js';
import { serviceUnavailable } from './errors.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Everything a resolver may know about the request. Nothing below the resolvers reads HTTP. */
export interface Context {
  requestId: string;
  ip: string | undefined;
  config: Config;
  actor: Actor | null;
  organization: Organization | null;
  role: Role | null;
  organizationRefused: string | null;
  /** Tenant-scoped: every statement runs under row-level security for `organization`. */
  db: TenantDb;
  /** The login-role client, for the named paths in db/privileged.ts only. */
  base: PrismaClient;
  loaders: Loaders;
  /** Where services publish committed work and subscriptions listen. */
  events: EventBus;
  /** Subscriptions only: aborted (with the AppError to send) when the actor's session ends. */
  sessionEnd?: AbortSignal;
  /** Subscriptions only: bounds how many event re-reads use database connections at once. */
  eventReads?: <T>(read: () => Promise<T>) => Promise<T>;
  /** With read replicas: records, after a mutation committed, where this actor's later reads must go. */
  wrote?: () => Promise<void>;
}

export interface ContextDeps {
  config: Config;
  base: PrismaClient;
  verifyToken: TokenVerifier;
  events: EventBus;
  /** Tests set 'privileged' to prove the API layer isolates tenants on its own. */
  isolation?: IsolationMode;
  /** The driver's `requestSessions`: one transaction for a request's reads (see db/request-session.ts). */
  requestSessions: boolean;
  /** Each organization's share of the pool (TENANT_MAX_CONNECTIONS); unbounded without it. */
  connections?: TenantConnections;
  /** Streaming standbys for query operations (DATABASE_REPLICA_URLS); none without it. */
  replicas?: ReplicaSet;
  /** Since when the database is away, as this gateway's reads see it (db/database-away.ts). */
  outage?: Outage;
}

/** Whose writes a read must see (read-your-writes): a person, or an API key. */
const actorKey = (actor: Actor | null): string | null => (actor === null ? null : actor.kind === 'user' ? `user:${actor.userId}` : `key:${actor.apiKeyId}`);

/** Where a request's tenant reads run: a standby for a query operation when one fits, else the primary. */
async function readerBase(deps: ContextDeps, request: RequestInfo & { authentication: Identified }): Promise<PrismaClient> {
  if (!deps.replicas || !request.readOnly || request.longLived) return deps.base;
  return (await deps.replicas.readerFor(actorKey(request.authentication.actor))) ?? deps.base;
}

function sessionOptions(deps: ContextDeps): RequestSessionOptions {
  const { acquireTimeoutMs, statementTimeoutMs } = deps.config.database;
  // A session outlives its slowest statement by the time it may wait for its connection.
  return { acquireTimeoutMs, maxDurationMs: statementTimeoutMs + acquireTimeoutMs, connections: deps.connections, outage: deps.outage };
}

const usesRequestSession = (deps: ContextDeps, longLived: boolean) => deps.isolation !== 'privileged' && deps.requestSessions && !longLived;

/** A request session where the driver allows one, else a transaction per operation. */
function tenantDb(deps: ContextDeps, scope: TenantScope, longLived: boolean): TenantDb {
  if (!usesRequestSession(deps, longLived)) {
    return forTenant(deps.base, scope, deps.isolation, { acquireTimeoutMs: deps.config.database.acquireTimeoutMs, connections: deps.connections });
  }
  return openRequestSession(deps.base, scope, sessionOptions(deps));
}

const scopeOf = (auth: Authentication): TenantScope => ({ organizationId: auth.organization?.id ?? null, userId: actorUserId(auth.actor) });

/**
 * Tenant selection and the tenant handle. In a request session the membership check is the
 * session's first statement (one round trip for BEGIN, the check, the role and the settings);
 * everywhere else it is a look-up of its own before the handle.
 */
async function selectTenant(deps: ContextDeps, request: RequestInfo & { authentication: Identified }): Promise<{ auth: Authentication; db: TenantDb }> {
  const { authentication: identified, longLived = false } = request;
  const check = identified.membershipToCheck;
  if (check && usesRequestSession(deps, longLived)) {
    const options = { ...sessionOptions(deps), shareKey: request.shareKey };
    const reader = await readerBase(deps, request);
    const { db, membership } = await openMemberSession(reader, check, options).catch(unavailableAsAppError);
    return { auth: withMembership(identified, membership), db };
  }
  const auth = await checkMembership(deps.base, identified);
  const reader = usesRequestSession(deps, longLived) ? await readerBase(deps, request) : deps.base;
  return { auth, db: tenantDb({ ...deps, base: reader }, scopeOf(auth), longLived) };
}

/** Context creation cannot set the HTTP status from a masked error: a saturated or absent database is a 503 here too. */
function unavailableAsAppError(error: unknown): never {
  throw isDatabaseUnavailable(error) ? serviceUnavailable() : error;
}

export interface RequestInfo {
  headers: IncomingHttpHeaders;
  ip: string | undefined;
  requestId?: string;
  /** Identified ahead of the GraphQL layer (the HTTP authentication middleware); else identified here. */
  authentication?: Identified;
  /**
   * A subscription's context, which lives as long as its socket: its reads must not hold a request
   * session (a pooled connection) for that long, so each runs in a short transaction of its own.
   */
  longLived?: boolean;
  /** The pool share a person's first session counts against, chosen by admission (see openMemberSession). */
  shareKey?: string | null;
  /** A query operation (known from the document before execution): it may read on a replica. */
  readOnly?: boolean;
}

export async function createContext(deps: ContextDeps, request: RequestInfo): Promise<Context> {
  const identified = request.authentication ?? (await identify(request.headers, deps));
  const { auth, db } = await selectTenant(deps, { ...request, authentication: identified });
  return {
    requestId: request.requestId ?? randomUUID(),
    ip: request.ip,
    config: deps.config,
    ...auth,
    db,
    base: deps.base,
    loaders: createLoaders(db, deps.base),
    events: deps.events,
    wrote: deps.replicas && (() => deps.replicas!.wrote(actorKey(auth.actor))),
  };
}
