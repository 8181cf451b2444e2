import DataLoader from 'dataloader';
import type { TenantDb } from '../../db/tenant.js';
import type { WorkflowExecution } from '../../generated/prisma/client.js';
import { inKeyOrder } from '../in-key-order.js';

export function createWorkflowLoaders(db: TenantDb) {
  return {
    /**
     * The newest execution of each workflow. Prisma's `distinct` de-duplicates in memory after
     * reading every execution, so this is one DISTINCT ON statement for the whole page instead.
     */
    lastExecution: new DataLoader<string, WorkflowExecution | null>(async (workflowIds) => {
      const rows = await db.prisma.$queryRaw<WorkflowExecution[]>`
        SELECT DISTINCT ON ("workflowId") *
        FROM "workflow_executions"
        WHERE "workflowId" = ANY(${workflowIds as string[]}::uuid[])
        ORDER BY "workflowId", "createdAt" DESC, "id" DESC`;
      return inKeyOrder(workflowIds, new Map(rows.map((row) => [row.workflowId, row])), null);
    }),
    /** How many executions each workflow has: one GROUP BY for the whole page. */
    executionCount: new DataLoader<string, number>(async (workflowIds) => {
      const groups = await db.prisma.workflowExecution.groupBy({
        by: ['workflowId'],
        where: { workflowId: { in: [...workflowIds] } },
        _count: { _all: true },
      });
      return inKeyOrder(workflowIds, new Map(groups.map((group) => [group.workflowId, group._count._all])), 0);
    }),
  };
}
