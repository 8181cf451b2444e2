import type { PrismaClient } from '../db/client.js';
import type { TenantDb } from '../db/tenant.js';
import { createViewerRoleLoader } from '../modules/member/member.loaders.js';

/** Per-request DataLoaders for what Prisma selections cannot batch (the caller's own memberships, which span tenants). */
export function createLoaders(db: TenantDb, base: PrismaClient) {
  return {
    viewerRole: createViewerRoleLoader(base, db.scope.userId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
