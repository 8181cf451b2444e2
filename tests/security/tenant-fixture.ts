import type { PrismaClient } from '../../src/db/client.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import {
  createApiKey,
  createExecution,
  createIntegration,
  createMember,
  createOrganization,
  createWorkflow,
  globalId,
  unique,
} from '../support/factories.js';

/** Organization A (the victim) with one of everything, and the recognisable values a leak would show. */
export async function createVictim(db: PrismaClient) {
  const org = await createOrganization(db, { name: unique('victim-org') });
  const owner = await createMember(db, org.id, 'OWNER');
  const viewer = await createMember(db, org.id, 'VIEWER');
  const workflow = await createWorkflow(db, org.id, { name: unique('victim-workflow'), versions: 2, createdById: owner.user.id });
  const execution = await createExecution(db, workflow, { status: 'RUNNING', triggeredByUserId: owner.user.id });
  const integration = await createIntegration(db, org.id, { name: unique('victim-integration'), credentials: { token: 'victim' } });
  const { apiKey } = await createApiKey(db, org.id, { name: unique('victim-key') });
  const audit = await db.auditLogEntry.create({ data: { organizationId: org.id, action: 'seed', resourceType: 'X', resourceId: '1' } });
  return {
    org,
    ids: {
      organizationId: globalId('Organization', org.id),
      workflowId: globalId('Workflow', workflow.id),
      versionId: globalId('WorkflowVersion', workflow.currentVersionId!),
      executionId: globalId('Execution', execution.id),
      integrationId: globalId('Integration', integration.id),
      apiKeyId: globalId('ApiKey', apiKey.id),
      memberId: globalId('Member', viewer.membership.id),
      auditId: globalId('AuditLogEntry', audit.id),
      userId: globalId('User', owner.user.id),
    },
    /** Strings that must never appear in an attacker's response. */
    secrets: [workflow.name, integration.name, apiKey.name, owner.user.email, org.name, workflow.id, execution.id],
  };
}

export type Victim = Awaited<ReturnType<typeof createVictim>>;

/** Organization B (the attacker's own) with a member of every role and an all-scopes API key. */
export async function createAttackers(db: PrismaClient) {
  const org = await createOrganization(db);
  const members = {} as Record<Role, string>;
  for (const role of ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const) members[role] = (await createMember(db, org.id, role)).user.id;
  const { key } = await createApiKey(db, org.id);
  return { org, members, apiKey: key };
}

/** Every row of an organization, in a stable order: equal before and after means nothing changed. */
export async function snapshot(db: PrismaClient, organizationId: string): Promise<string> {
  const where = { organizationId };
  const order = { id: 'asc' as const };
  return JSON.stringify([
    await db.organization.findUnique({ where: { id: organizationId } }),
    await db.organizationMember.findMany({ where, orderBy: order }),
    await db.workflow.findMany({ where, orderBy: order }),
    await db.workflowVersion.findMany({ where, orderBy: order }),
    await db.workflowExecution.findMany({ where, orderBy: order }),
    await db.integration.findMany({ where, orderBy: order }),
    await db.apiKey.findMany({ where, orderBy: order, omit: { lastUsedAt: true } }),
    await db.auditLogEntry.findMany({ where, orderBy: order }),
  ]);
}
