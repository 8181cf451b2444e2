-- Composite tenant keys. Foreign-key checks do not pass through row-level security, so a tenant row
-- could point at another tenant's row (acme's execution of globex's workflow) as long as both ids
-- existed. Every reference between tenant-owned tables now goes through ("organizationId", ref) to the
-- parent's ("organizationId", "id"): the database itself refuses a cross-tenant link.
-- References to users stay single-column: users are global, and membership is checked by the API.

-- Existing cross-tenant links would make the new keys fail with a bare constraint error; name them
-- instead, so an operator can see (and decide about) each one before migrating again.
DO $$
DECLARE
  offending text;
BEGIN
  SELECT string_agg(link, E'\n' ORDER BY link) INTO offending FROM (
    SELECT format('workflows %s (organization %s) -> workflow_versions %s (organization %s) via currentVersionId', c.id, c."organizationId", p.id, p."organizationId") AS link
      FROM "workflows" c JOIN "workflow_versions" p ON p.id = c."currentVersionId" WHERE p."organizationId" <> c."organizationId"
    UNION ALL
    SELECT format('workflow_versions %s (organization %s) -> workflows %s (organization %s) via workflowId', c.id, c."organizationId", p.id, p."organizationId")
      FROM "workflow_versions" c JOIN "workflows" p ON p.id = c."workflowId" WHERE p."organizationId" <> c."organizationId"
    UNION ALL
    SELECT format('workflow_executions %s (organization %s) -> workflows %s (organization %s) via workflowId', c.id, c."organizationId", p.id, p."organizationId")
      FROM "workflow_executions" c JOIN "workflows" p ON p.id = c."workflowId" WHERE p."organizationId" <> c."organizationId"
    UNION ALL
    SELECT format('workflow_executions %s (organization %s) -> workflow_versions %s (organization %s) via versionId', c.id, c."organizationId", p.id, p."organizationId")
      FROM "workflow_executions" c JOIN "workflow_versions" p ON p.id = c."versionId" WHERE p."organizationId" <> c."organizationId"
    UNION ALL
    SELECT format('workflow_executions %s (organization %s) -> api_keys %s (organization %s) via triggeredByApiKeyId', c.id, c."organizationId", p.id, p."organizationId")
      FROM "workflow_executions" c JOIN "api_keys" p ON p.id = c."triggeredByApiKeyId" WHERE p."organizationId" <> c."organizationId"
    UNION ALL
    SELECT format('audit_log_entries %s (organization %s) -> api_keys %s (organization %s) via actorApiKeyId', c.id, c."organizationId", p.id, p."organizationId")
      FROM "audit_log_entries" c JOIN "api_keys" p ON p.id = c."actorApiKeyId" WHERE p."organizationId" <> c."organizationId"
  ) links;
  IF offending IS NOT NULL THEN
    RAISE EXCEPTION E'Cross-tenant links exist; composite tenant keys cannot be added until they are fixed:\n%', offending;
  END IF;
END
$$;

-- DropForeignKey
ALTER TABLE "audit_log_entries" DROP CONSTRAINT "audit_log_entries_actorApiKeyId_fkey";

-- DropForeignKey
ALTER TABLE "workflow_executions" DROP CONSTRAINT "workflow_executions_triggeredByApiKeyId_fkey";

-- DropForeignKey
ALTER TABLE "workflow_executions" DROP CONSTRAINT "workflow_executions_versionId_fkey";

-- DropForeignKey
ALTER TABLE "workflow_executions" DROP CONSTRAINT "workflow_executions_workflowId_fkey";

-- DropForeignKey
ALTER TABLE "workflow_versions" DROP CONSTRAINT "workflow_versions_workflowId_fkey";

-- DropForeignKey
ALTER TABLE "workflows" DROP CONSTRAINT "workflows_currentVersionId_fkey";

-- DropIndex
DROP INDEX "audit_log_entries_actorApiKeyId_idx";

-- DropIndex
DROP INDEX "workflow_executions_triggeredByApiKeyId_idx";

-- DropIndex
DROP INDEX "workflow_executions_versionId_idx";

-- DropIndex
DROP INDEX "workflow_versions_organizationId_idx";

-- DropIndex
DROP INDEX "workflow_versions_workflowId_version_key";

-- DropIndex
DROP INDEX "workflows_currentVersionId_key";

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_organizationId_id_key" ON "api_keys"("organizationId", "id");

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_actorApiKeyId_idx" ON "audit_log_entries"("organizationId", "actorApiKeyId");

-- CreateIndex
CREATE INDEX "integrations_organizationId_createdAt_idx" ON "integrations"("organizationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "organization_members_organizationId_createdAt_idx" ON "organization_members"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_versionId_idx" ON "workflow_executions"("organizationId", "versionId");

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_triggeredByApiKeyId_idx" ON "workflow_executions"("organizationId", "triggeredByApiKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_versions_organizationId_workflowId_version_key" ON "workflow_versions"("organizationId", "workflowId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_versions_organizationId_id_key" ON "workflow_versions"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "workflows_organizationId_id_key" ON "workflows"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "workflows_organizationId_currentVersionId_key" ON "workflows"("organizationId", "currentVersionId");

-- A SET NULL reference nulls only its own column (PostgreSQL 15): "organizationId" is NOT NULL and
-- belongs to the row. schema.prisma says SetNull; Prisma cannot write the column list, and its
-- introspection does not read it, so `npm run db:check` and the audit's drift check agree with this.
-- The audit's tenant-keys check verifies the column list in the live catalog.

-- AddForeignKey
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_organizationId_currentVersionId_fkey" FOREIGN KEY ("organizationId", "currentVersionId") REFERENCES "workflow_versions"("organizationId", "id") ON DELETE SET NULL ("currentVersionId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_organizationId_workflowId_fkey" FOREIGN KEY ("organizationId", "workflowId") REFERENCES "workflows"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_organizationId_workflowId_fkey" FOREIGN KEY ("organizationId", "workflowId") REFERENCES "workflows"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_organizationId_versionId_fkey" FOREIGN KEY ("organizationId", "versionId") REFERENCES "workflow_versions"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_organizationId_triggeredByApiKeyId_fkey" FOREIGN KEY ("organizationId", "triggeredByApiKeyId") REFERENCES "api_keys"("organizationId", "id") ON DELETE SET NULL ("triggeredByApiKeyId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log_entries" ADD CONSTRAINT "audit_log_entries_organizationId_actorApiKeyId_fkey" FOREIGN KEY ("organizationId", "actorApiKeyId") REFERENCES "api_keys"("organizationId", "id") ON DELETE SET NULL ("actorApiKeyId") ON UPDATE CASCADE;
