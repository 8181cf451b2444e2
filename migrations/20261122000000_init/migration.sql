-- Flowgate initial schema. Row-level security sits beside each table: every tenant-owned table is
-- ENABLEd and FORCEd (so even its owner is filtered) and has one policy per command, all keyed on the
-- same tenant check. The gateway runs tenant statements as flowgate_app (NOLOGIN, no BYPASSRLS),
-- switching to it and setting app.org_id / app.user_id locally inside each transaction.

-- Roles are cluster-wide, so another database on the same server may have created it already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flowgate_app') THEN
    CREATE ROLE flowgate_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
-- The login role must be a member to SET ROLE flowgate_app.
GRANT flowgate_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO flowgate_app;

-- The one tenant check every policy uses. Callers wrap it as (select app_current_org()) so PostgreSQL
-- evaluates it once per statement instead of once per row. An unset setting reads as '' once the
-- session has used it, and NULLIF turns that into NULL, which matches no row (''::uuid would raise).
CREATE FUNCTION app_current_org() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

-- Prisma sets "updatedAt" itself, but raw SQL writes (seeding, operators' fixes) would leave it stale.
CREATE FUNCTION app_touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW."updatedAt" := (now() AT TIME ZONE 'UTC'); RETURN NEW; END $$;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'EDITOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('FREE', 'TEAM', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "WorkflowStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ExecutionTrigger" AS ENUM ('MANUAL', 'API', 'SCHEDULE', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('CONNECTED', 'ERROR', 'DISCONNECTED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "plan" "Plan" NOT NULL DEFAULT 'FREE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- The tenant itself: the same check on its own key. Creating one has no tenant yet (privileged path).
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;
CREATE POLICY "organizations_select" ON "organizations" FOR SELECT USING ("id" = (select app_current_org()));
CREATE POLICY "organizations_insert" ON "organizations" FOR INSERT WITH CHECK ("id" = (select app_current_org()));
CREATE POLICY "organizations_update" ON "organizations" FOR UPDATE USING ("id" = (select app_current_org())) WITH CHECK ("id" = (select app_current_org()));
CREATE POLICY "organizations_delete" ON "organizations" FOR DELETE USING ("id" = (select app_current_org()));
GRANT SELECT, UPDATE, DELETE ON "organizations" TO flowgate_app;
CREATE TRIGGER "organizations_touch_updated_at" BEFORE UPDATE ON "organizations" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "organization_members" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_members_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "organization_members" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "organization_members" FORCE ROW LEVEL SECURITY;
CREATE POLICY "organization_members_select" ON "organization_members" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "organization_members_insert" ON "organization_members" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "organization_members_update" ON "organization_members" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "organization_members_delete" ON "organization_members" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "organization_members" TO flowgate_app;
CREATE TRIGGER "organization_members_touch_updated_at" BEFORE UPDATE ON "organization_members" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- A user is visible to themselves and to the organizations they belong to; accounts are created only
-- on the privileged path (sign-up, invitations), so the application role may not insert.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
CREATE POLICY "users_select" ON "users" FOR SELECT USING (
  "id" = (select app_current_user())
  OR EXISTS (SELECT 1 FROM "organization_members" m
             WHERE m."userId" = "users"."id" AND m."organizationId" = (select app_current_org())));
CREATE POLICY "users_insert" ON "users" FOR INSERT WITH CHECK (false);
CREATE POLICY "users_update" ON "users" FOR UPDATE USING ("id" = (select app_current_user())) WITH CHECK ("id" = (select app_current_user()));
CREATE POLICY "users_delete" ON "users" FOR DELETE USING (false);
GRANT SELECT, UPDATE ("name") ON "users" TO flowgate_app;
CREATE TRIGGER "users_touch_updated_at" BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "workflows" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "WorkflowStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" UUID,
    "currentVersionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflows_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "workflows" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflows" FORCE ROW LEVEL SECURITY;
CREATE POLICY "workflows_select" ON "workflows" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "workflows_insert" ON "workflows" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflows_update" ON "workflows" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflows_delete" ON "workflows" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "workflows" TO flowgate_app;
CREATE TRIGGER "workflows_touch_updated_at" BEFORE UPDATE ON "workflows" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "workflow_versions" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "workflowId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_versions_pkey" PRIMARY KEY ("id")
);

-- Versions are immutable: no UPDATE grant.
ALTER TABLE "workflow_versions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_versions" FORCE ROW LEVEL SECURITY;
CREATE POLICY "workflow_versions_select" ON "workflow_versions" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_versions_insert" ON "workflow_versions" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_versions_update" ON "workflow_versions" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_versions_delete" ON "workflow_versions" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, DELETE ON "workflow_versions" TO flowgate_app;

-- CreateTable
CREATE TABLE "workflow_executions" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "workflowId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "status" "ExecutionStatus" NOT NULL DEFAULT 'QUEUED',
    "trigger" "ExecutionTrigger" NOT NULL,
    "input" JSONB NOT NULL DEFAULT '{}',
    "output" JSONB,
    "error" TEXT,
    "idempotencyKey" TEXT,
    "triggeredByUserId" UUID,
    "triggeredByApiKeyId" UUID,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_executions_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "workflow_executions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_executions" FORCE ROW LEVEL SECURITY;
CREATE POLICY "workflow_executions_select" ON "workflow_executions" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_executions_insert" ON "workflow_executions" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_executions_update" ON "workflow_executions" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "workflow_executions_delete" ON "workflow_executions" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "workflow_executions" TO flowgate_app;
CREATE TRIGGER "workflow_executions_touch_updated_at" BEFORE UPDATE ON "workflow_executions" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "integrations" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'CONNECTED',
    "config" JSONB NOT NULL DEFAULT '{}',
    "credentials" BYTEA,
    "ownerUserId" UUID,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "integrations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "integrations" FORCE ROW LEVEL SECURITY;
CREATE POLICY "integrations_select" ON "integrations" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "integrations_insert" ON "integrations" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "integrations_update" ON "integrations" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "integrations_delete" ON "integrations" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "integrations" TO flowgate_app;
CREATE TRIGGER "integrations_touch_updated_at" BEFORE UPDATE ON "integrations" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" BYTEA NOT NULL,
    "scopes" TEXT[],
    "createdById" UUID,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY "api_keys_select" ON "api_keys" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "api_keys_insert" ON "api_keys" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "api_keys_update" ON "api_keys" FOR UPDATE USING ("organizationId" = (select app_current_org())) WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "api_keys_delete" ON "api_keys" FOR DELETE USING ("organizationId" = (select app_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "api_keys" TO flowgate_app;
CREATE TRIGGER "api_keys_touch_updated_at" BEFORE UPDATE ON "api_keys" FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- CreateTable
CREATE TABLE "audit_log_entries" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "actorUserId" UUID,
    "actorApiKeyId" UUID,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,
    "ip" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_entries_pkey" PRIMARY KEY ("id")
);

-- Append-only: no UPDATE or DELETE grant, and policies that match nothing should one be granted.
ALTER TABLE "audit_log_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_log_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY "audit_log_entries_select" ON "audit_log_entries" FOR SELECT USING ("organizationId" = (select app_current_org()));
CREATE POLICY "audit_log_entries_insert" ON "audit_log_entries" FOR INSERT WITH CHECK ("organizationId" = (select app_current_org()));
CREATE POLICY "audit_log_entries_update" ON "audit_log_entries" FOR UPDATE USING (false) WITH CHECK (false);
CREATE POLICY "audit_log_entries_delete" ON "audit_log_entries" FOR DELETE USING (false);
GRANT SELECT, INSERT ON "audit_log_entries" TO flowgate_app;

-- CreateTable
CREATE TABLE "persisted_operations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "persisted_operations_pkey" PRIMARY KEY ("id")
);

-- Trusted documents are global (not tenant-owned): readable by the gateway, written only by operators.
GRANT SELECT ON "persisted_operations" TO flowgate_app;

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE INDEX "organization_members_userId_idx" ON "organization_members"("userId");

-- CreateIndex
CREATE INDEX "organization_members_organizationId_role_idx" ON "organization_members"("organizationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "organization_members_organizationId_userId_key" ON "organization_members"("organizationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "workflows_currentVersionId_key" ON "workflows"("currentVersionId");

-- CreateIndex
CREATE INDEX "workflows_organizationId_status_updatedAt_idx" ON "workflows"("organizationId", "status", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "workflows_organizationId_updatedAt_idx" ON "workflows"("organizationId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "workflows_createdById_idx" ON "workflows"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "workflows_organizationId_name_key" ON "workflows"("organizationId", "name");

-- CreateIndex
CREATE INDEX "workflow_versions_organizationId_idx" ON "workflow_versions"("organizationId");

-- CreateIndex
CREATE INDEX "workflow_versions_createdById_idx" ON "workflow_versions"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_versions_workflowId_version_key" ON "workflow_versions"("workflowId", "version");

-- CreateIndex
CREATE INDEX "workflow_executions_workflowId_createdAt_idx" ON "workflow_executions"("workflowId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_status_createdAt_idx" ON "workflow_executions"("organizationId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_organizationId_createdAt_idx" ON "workflow_executions"("organizationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "workflow_executions_versionId_idx" ON "workflow_executions"("versionId");

-- CreateIndex
CREATE INDEX "workflow_executions_triggeredByUserId_idx" ON "workflow_executions"("triggeredByUserId");

-- CreateIndex
CREATE INDEX "workflow_executions_triggeredByApiKeyId_idx" ON "workflow_executions"("triggeredByApiKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_executions_organizationId_idempotencyKey_key" ON "workflow_executions"("organizationId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "integrations_organizationId_provider_isActive_idx" ON "integrations"("organizationId", "provider", "isActive");

-- CreateIndex
CREATE INDEX "integrations_ownerUserId_idx" ON "integrations"("ownerUserId");

-- CreateIndex
CREATE INDEX "integrations_createdById_idx" ON "integrations"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_organizationId_createdAt_idx" ON "api_keys"("organizationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "api_keys_createdById_idx" ON "api_keys"("createdById");

-- CreateIndex
CREATE INDEX "audit_log_entries_organizationId_createdAt_idx" ON "audit_log_entries"("organizationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entries_actorUserId_idx" ON "audit_log_entries"("actorUserId");

-- CreateIndex
CREATE INDEX "audit_log_entries_actorApiKeyId_idx" ON "audit_log_entries"("actorApiKeyId");

-- AddForeignKey
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "workflow_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "workflows"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "workflows"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "workflow_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_triggeredByUserId_fkey" FOREIGN KEY ("triggeredByUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_triggeredByApiKeyId_fkey" FOREIGN KEY ("triggeredByApiKeyId") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log_entries" ADD CONSTRAINT "audit_log_entries_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log_entries" ADD CONSTRAINT "audit_log_entries_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log_entries" ADD CONSTRAINT "audit_log_entries_actorApiKeyId_fkey" FOREIGN KEY ("actorApiKeyId") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

