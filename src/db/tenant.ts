import type { PrismaClient, TransactionClient } from './client.js';

/**
 * The tenant-scoped database handle. Every statement runs inside a transaction that first switches to
 * the application role (no BYPASSRLS) and sets the tenant, so PostgreSQL's row-level security checks
 * the organization on every row, independently of the `where` clauses the services write.
 */

export const APP_ROLE = 'flowgate_app';

export interface TenantScope {
  organizationId: string | null;
  userId: string | null;
}

export interface TenantDb {
  /** For reads: each operation runs in its own short transaction with the tenant set. */
  prisma: PrismaClient;
  /** For writes: all of `fn`'s statements commit together or not at all. */
  transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T>;
  scope: TenantScope;
}

/**
 * `privileged` hands out the login-role client itself: no role switch, no tenant settings, no
 * row-level security. It exists so tests can prove that the API layer alone stops cross-tenant
 * access, and so the benchmark can price row-level security; nothing in src/ passes it.
 */
export type IsolationMode = 'row-level-security' | 'privileged';

function setTenant(client: TransactionClient, scope: TenantScope) {
  return client.$queryRaw`SELECT set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${scope.organizationId ?? ''}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`;
}

export function forTenant(base: PrismaClient, scope: TenantScope, mode: IsolationMode = 'row-level-security'): TenantDb {
  if (mode === 'privileged') return { prisma: base, scope, transaction: (fn) => base.$transaction(fn) };
  const prisma = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        const [, result] = await base.$transaction([setTenant(base, scope), query(args)]);
        return result;
      },
    },
  }) as unknown as PrismaClient;
  return {
    prisma,
    scope,
    transaction: (fn) =>
      base.$transaction(async (tx) => {
        await setTenant(tx, scope);
        return fn(tx);
      }),
  };
}
