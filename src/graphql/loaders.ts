import type { PrismaClient } from '../db/client.js';
import type { TenantDb } from '../db/tenant.js';
import { createViewerRoleLoader } from '../modules/member/member.loaders.js';
import { createWorkflowLoaders } from '../modules/workflow/workflow.loaders.js';

/** Per-request DataLoaders for what Prisma selections cannot batch (aggregates, "latest of"). */
export function createLoaders(db: TenantDb, base: PrismaClient) {
  return {
    workflow: createWorkflowLoaders(db),
    viewerRole: createViewerRoleLoader(base, db.scope.userId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
