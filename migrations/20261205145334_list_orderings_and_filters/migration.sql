-- Every ordering and filter a connection offers (orderBy / filter, the `indexedList` extension of
-- its field) reads from an index led by the tenant column (RLS narrows every query by it), with the
-- id last so a page ends on the tie-breaker and PostgreSQL reads it in index order and stops instead
-- of sorting the tenant's rows. The indexes these replace lacked the id or the tenant column.

-- DropIndex
DROP INDEX "api_keys_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "audit_log_entries_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "integrations_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "organization_members_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "organization_members_organizationId_role_idx";

-- DropIndex
DROP INDEX "workflow_executions_organizationId_status_createdAt_idx";

-- DropIndex
DROP INDEX "workflows_organizationId_status_updatedAt_idx";

-- CreateIndex
CREATE INDEX "api_keys_organizationId_createdAt_id_idx" ON "api_keys"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_createdAt_id_idx" ON "audit_log_entries"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_actorUserId_createdAt_id_idx" ON "audit_log_entries"("organizationId", "actorUserId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_resourceType_createdAt_id_idx" ON "audit_log_entries"("organizationId", "resourceType", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_resourceId_createdAt_id_idx" ON "audit_log_entries"("organizationId", "resourceId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "integrations_organizationId_createdAt_id_idx" ON "integrations"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "integrations_organizationId_name_id_idx" ON "integrations"("organizationId", "name", "id");

-- CreateIndex
CREATE INDEX "organization_members_organizationId_role_createdAt_id_idx" ON "organization_members"("organizationId", "role", "createdAt", "id");

-- CreateIndex
CREATE INDEX "organization_members_organizationId_createdAt_id_idx" ON "organization_members"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_workflowId_finishedAt_id_idx" ON "workflow_executions"("organizationId", "workflowId", "finishedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_workflowId_status_create_idx" ON "workflow_executions"("organizationId", "workflowId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_status_createdAt_id_idx" ON "workflow_executions"("organizationId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_trigger_createdAt_id_idx" ON "workflow_executions"("organizationId", "trigger", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_finishedAt_id_idx" ON "workflow_executions"("organizationId", "finishedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_versions_organizationId_workflowId_createdAt_idx" ON "workflow_versions"("organizationId", "workflowId", "createdAt");

-- CreateIndex
CREATE INDEX "workflows_organizationId_status_updatedAt_id_idx" ON "workflows"("organizationId", "status", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflows_organizationId_createdAt_id_idx" ON "workflows"("organizationId", "createdAt" DESC, "id" DESC);
