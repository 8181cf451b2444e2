import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '../auth/actor.js';
import { authenticate, type Authentication } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/bearer-token.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { forTenant, type IsolationMode, type TenantDb } from '../db/tenant.js';
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
}

export interface ContextDeps {
  config: Config;
  base: PrismaClient;
  verifyToken: TokenVerifier;
  /** Tests set 'privileged' to prove the API layer isolates tenants on its own. */
  isolation?: IsolationMode;
}

export interface RequestInfo {
  headers: IncomingHttpHeaders;
  ip: string | undefined;
  requestId?: string;
  /** Already decided ahead of the GraphQL layer (the HTTP authentication middleware); else decided here. */
  authentication?: Authentication;
}

export async function createContext(deps: ContextDeps, request: RequestInfo): Promise<Context> {
  const auth = request.authentication ?? (await authenticate(request.headers, deps));
  const userId = auth.actor?.kind === 'user' ? auth.actor.userId : null;
  const db = forTenant(deps.base, { organizationId: auth.organization?.id ?? null, userId }, deps.isolation);
  return {
    requestId: request.requestId ?? randomUUID(),
    ip: request.ip,
    config: deps.config,
    ...auth,
    db,
    base: deps.base,
    loaders: createLoaders(db, deps.base),
  };
}
