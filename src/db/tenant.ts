import type { PrismaClient, TransactionClient } from './client.js';
import type { TenantConnections } from './tenant-connections.js';
import { isUuid } from './uuid.js';

/**
 * The tenant-scoped database handle. Every statement runs inside a transaction that first switches to
 * the application role (no BYPASSRLS) and sets the tenant, so PostgreSQL's row-level security checks
 * the organization on every row, independently of the `where` clauses the services write.
 *
 * Two shapes share this interface. `forTenant` (here) gives each operation its own short transaction:
 * the embedded database, the CLI and subscription payloads use it. `openRequestSession`
 * (request-session.ts) gives an HTTP request on PostgreSQL one transaction for all its reads.
 */

export const APP_ROLE = 'flowgate_app';

export interface TenantScope {
  organizationId: string | null;
  userId: string | null;
}

export interface TenantDb {
  /** For reads, always under the tenant's row-level security. */
  prisma: PrismaClient;
  /** For writes: all of `fn`'s statements commit together or not at all. */
  transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T>;
  scope: TenantScope;
  /** Ends whatever the handle holds (a request session's transaction); a no-op for `forTenant`. */
  release(): Promise<void>;
}

/**
 * `privileged` hands out the login-role client itself: no role switch, no tenant settings, no
 * row-level security. It exists so tests can prove that the API layer alone stops cross-tenant
 * access, and so the benchmark can price row-level security; nothing in src/ passes it.
 */
export type IsolationMode = 'row-level-security' | 'privileged';

export interface TransactionTimeouts {
  /** How long to wait for a connection (Prisma's `maxWait`). */
  acquireTimeoutMs?: number;
  /** The organizations' share of the pool (TENANT_MAX_CONNECTIONS); unbounded without it. */
  connections?: TenantConnections;
}

/** The share a scope's connections count against (tenant-connections.ts). */
export const connectionKey = (scope: TenantScope): string | null => (scope.organizationId ? `org:${scope.organizationId}` : null);

/** `open` (which takes a pooled connection and gives it back when it settles) within the scope's share. */
export function withinShare<T>(timeouts: TransactionTimeouts, key: string | null, open: () => Promise<T>): Promise<T> {
  return timeouts.connections ? timeouts.connections.hold(key, open) : open();
}

/** A tenant key as an SQL literal: only a UUID (or nothing) can be one, so no quoting can go wrong. */
export function uuidLiteral(value: string | null): string {
  if (value !== null && !isUuid(value)) throw new Error('A tenant scope holds UUIDs only');
  return `'${value ?? ''}'`;
}

/**
 * The select list that switches to the application role and sets both settings, local to the
 * transaction; `organizationId` is an SQL expression (privileged.ts takes it from a membership row).
 *
 * It also makes the transaction's prepared statements run their generic plan. Left to choose,
 * PostgreSQL re-plans the dashboard's one statement (two dozen LATERAL joins) for every execution,
 * which cost more than running it: 2.9 ms per execution against 1.75 ms with the cached generic
 * plan (EXPLAIN ANALYZE: about 1 ms of planning, 2 ms of execution). The price: a generic plan
 * does not adapt to one tenant's row counts. Every tenant read starts from an index that leads
 * with "organizationId", and the policies' `(select app_current_org())` is one value per statement,
 * so the plans differ little between tenants; `flowgate db audit` still checks those indexes.
 */
export function tenantSettingsSql(organizationId: string, userId: string | null): string {
  return (
    `set_config('role', '${APP_ROLE}', true), set_config('app.org_id', ${organizationId}, true), ` +
    `set_config('app.user_id', ${uuidLiteral(userId)}, true), set_config('plan_cache_mode', 'force_generic_plan', true)`
  );
}

/**
 * The role and both settings in one statement. It carries no parameters (the values are UUID
 * literals) so that on PostgreSQL the transaction's BEGIN travels with it in one round trip
 * (postgres-pool.ts).
 */
export function setTenant(client: TransactionClient, scope: TenantScope) {
  return client.$queryRawUnsafe(`SELECT ${tenantSettingsSql(uuidLiteral(scope.organizationId), scope.userId)}`);
}

const READS_WITH_RELATIONS = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow']);

/**
 * Relations, counts and "latest of" load in their parent's statement (LATERAL joins) instead of one
 * statement per relation: fewer round trips, and no concurrent statements inside one transaction.
 */
export function joinRelations(operation: string, args: unknown): unknown {
  if (!READS_WITH_RELATIONS.has(operation) || typeof args !== 'object' || args === null) return args;
  const { select, include } = args as { select?: unknown; include?: unknown };
  return select || include ? { relationLoadStrategy: 'join', ...args } : args;
}

export function tenantTransaction<T>(base: PrismaClient, scope: TenantScope, fn: (tx: TransactionClient) => Promise<T>, timeouts: TransactionTimeouts = {}) {
  return withinShare(timeouts, connectionKey(scope), () =>
    base.$transaction(
      async (tx) => {
        await setTenant(tx, scope);
        return fn(tx);
      },
      { maxWait: timeouts.acquireTimeoutMs },
    ),
  );
}

const joiningClients = new WeakMap<PrismaClient, PrismaClient>();

/** The login-role client with relation joins on, made once per client. */
function joining(base: PrismaClient): PrismaClient {
  let client = joiningClients.get(base);
  if (!client) {
    client = base.$extends({
      query: { $allOperations: ({ args, query, operation }) => query(joinRelations(operation, args) as typeof args) },
    }) as unknown as PrismaClient;
    joiningClients.set(base, client);
  }
  return client;
}

/** The login-role client whose every operation runs in its own transaction under `scope`. */
function scopedClient(base: PrismaClient, scope: TenantScope, timeouts: TransactionTimeouts): PrismaClient {
  return base.$extends({
    query: {
      async $allOperations({ args, query, operation }) {
        const batch = () => base.$transaction([setTenant(base, scope), query(joinRelations(operation, args) as typeof args)]);
        const [, result] = await withinShare(timeouts, connectionKey(scope), batch);
        return result;
      },
    },
  }) as unknown as PrismaClient;
}

/**
 * A handle whose every operation is its own transaction; it holds nothing between operations. Its
 * client is made on first use: a subscription's context keeps its handle for the socket's life and
 * most never read through it (events are read once per organization), and an extended client is
 * several kilobytes, times every open subscription.
 */
export function forTenant(base: PrismaClient, scope: TenantScope, mode: IsolationMode = 'row-level-security', timeouts: TransactionTimeouts = {}): TenantDb {
  const release = async () => {};
  if (mode === 'privileged') return { prisma: joining(base), scope, release, transaction: (fn) => base.$transaction(fn, { maxWait: timeouts.acquireTimeoutMs }) };
  let prisma: PrismaClient | undefined;
  return {
    get prisma() {
      return (prisma ??= scopedClient(base, scope, timeouts));
    },
    scope,
    release,
    transaction: (fn) => tenantTransaction(base, scope, fn, timeouts),
  };
}
