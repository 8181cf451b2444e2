-- Connections order by (updatedAt, id) and (createdAt, id), newest first: indexes that end in the
-- same tie-breaker let PostgreSQL read a page in index order and stop, instead of sorting every row
-- of the tenant.
-- A workflow's latest execution and its execution count are read per workflow under RLS (tenant and
-- workflow equal, newest first): one index answers both with an index scan and no sort.

-- DropIndex
DROP INDEX "workflow_executions_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "workflow_executions_workflowId_createdAt_idx";

-- DropIndex
DROP INDEX "workflows_organizationId_updatedAt_idx";

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_workflowId_createdAt_id_idx" ON "workflow_executions"("organizationId", "workflowId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_createdAt_id_idx" ON "workflow_executions"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflows_organizationId_updatedAt_id_idx" ON "workflows"("organizationId", "updatedAt" DESC, "id" DESC);
