import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '../auth/actor.js';
import { authenticate, type Authentication } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/bearer-token.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { openRequestSession } from '../db/request-session.js';
import type { EventBus } from '../events/event-bus.js';
import { forTenant, type IsolationMode, type TenantDb, type TenantScope } from '../db/tenant.js';
import type { Organization, Role } from '../generated/prisma/client.js';
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
}

/** A request session where the driver allows one, else a transaction per operation. */
function tenantDb(deps: ContextDeps, scope: TenantScope, longLived: boolean): TenantDb {
  const { acquireTimeoutMs, statementTimeoutMs } = deps.config.database;
  if (deps.isolation === 'privileged' || !deps.requestSessions || longLived) return forTenant(deps.base, scope, deps.isolation, { acquireTimeoutMs });
  // A session outlives its slowest statement by the time it may wait for its connection.
  return openRequestSession(deps.base, scope, { acquireTimeoutMs, maxDurationMs: statementTimeoutMs + acquireTimeoutMs });
}

export interface RequestInfo {
  headers: IncomingHttpHeaders;
  ip: string | undefined;
  requestId?: string;
  /** Already decided ahead of the GraphQL layer (the HTTP authentication middleware); else decided here. */
  authentication?: Authentication;
  /**
   * A subscription's context, which lives as long as its socket: its reads must not hold a request
   * session (a pooled connection) for that long, so each runs in a short transaction of its own.
   */
  longLived?: boolean;
}

export async function createContext(deps: ContextDeps, request: RequestInfo): Promise<Context> {
  const auth = request.authentication ?? (await authenticate(request.headers, deps));
  const userId = auth.actor?.kind === 'user' ? auth.actor.userId : null;
  const db = tenantDb(deps, { organizationId: auth.organization?.id ?? null, userId }, request.longLived ?? false);
  return {
    requestId: request.requestId ?? randomUUID(),
    ip: request.ip,
    config: deps.config,
    ...auth,
    db,
    base: deps.base,
    loaders: createLoaders(db, deps.base),
    events: deps.events,
  };
}
