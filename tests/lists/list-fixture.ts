import { createApiKey, createExecution, createIntegration, createMember, createOrganization, createWorkflow } from '../support/factories.js';
import type { TestServer } from '../support/server.js';

/**
 * One organization whose every list has runs of equal sort keys (members who joined in the same
 * instant, workflows changed by one statement, executions queued and finished together, unfinished
 * runs with no finishedAt), shared by the ordering and the filter tests.
 */

export const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
export const WORKFLOW_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'];
export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'];

/** Names that sort alike under any collation: lowercase letters only, of one length. */
const letters = (n: number) => String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + ((n * 7) % 26)) + 'flow';

export const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

export interface ListFixture {
  orgId: string;
  owner: string;
  workflowIds: string[];
}

export async function seedLists(t: TestServer): Promise<ListFixture> {
  const db = t.db.base;
  const org = await createOrganization(db);
  const orgId = org.id;
  const owner = (await createMember(db, orgId, 'OWNER')).user.id;
  for (const role of ['ADMIN', 'EDITOR', 'VIEWER', 'VIEWER', 'EDITOR'] as const) await createMember(db, orgId, role);
  // Runs of equal sort keys: members joined in two instants.
  const members = await db.organizationMember.findMany({ where: { organizationId: orgId }, orderBy: { id: 'asc' } });
  for (const [index, member] of members.entries()) await db.organizationMember.update({ where: { id: member.id }, data: { createdAt: at(index % 2) } });

  const statuses = ['DRAFT', 'ACTIVE', 'ACTIVE', 'ARCHIVED', 'ACTIVE', 'DRAFT'] as const;
  const workflows = [];
  for (const [index, status] of statuses.entries()) workflows.push(await createWorkflow(db, orgId, { name: letters(index), status, versions: index === 0 ? 5 : 1 }));
  const workflowIds = workflows.map((workflow) => workflow.id);
  // One statement per group: the updatedAt trigger stamps each group with one instant.
  await db.workflow.updateMany({ where: { id: { in: workflowIds.slice(0, 3) } }, data: { description: 'first group' } });
  await db.workflow.updateMany({ where: { id: { in: workflowIds.slice(3) } }, data: { description: 'second group' } });
  await db.workflowVersion.updateMany({ where: { workflowId: workflowIds[0] }, data: { createdAt: at(3) } });

  const executionStatuses = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'FAILED', 'SUCCEEDED', 'FAILED', 'QUEUED', 'CANCELLED', 'SUCCEEDED', 'FAILED'] as const;
  for (const [index, status] of executionStatuses.entries()) {
    const execution = await createExecution(db, workflows[index % 2], { status, createdAt: at(10 + (index % 4)) });
    const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status);
    await db.workflowExecution.update({
      where: { id: execution.id },
      data: { finishedAt: finished ? at(30 + (index % 3)) : null, trigger: index % 3 === 0 ? 'API' : 'MANUAL' },
    });
  }

  for (let n = 0; n < 5; n += 1) {
    const integration = await createIntegration(db, orgId, { provider: n % 2 ? 'slack' : 'github', name: letters(n) });
    await db.integration.update({ where: { id: integration.id }, data: { createdAt: at(40 + (n % 2)) } });
  }
  for (let n = 0; n < 6; n += 1) {
    const { apiKey } = await createApiKey(db, orgId, { revokedAt: n === 5 ? at(50) : undefined });
    await db.apiKey.update({ where: { id: apiKey.id }, data: { createdAt: at(45 + (n % 2)) } });
  }
  for (let n = 0; n < 7; n += 1) {
    await db.auditLogEntry.create({
      data: { organizationId: orgId, actorUserId: n % 2 ? owner : null, action: 'workflow.update', resourceType: n % 3 ? 'workflow' : 'member', resourceId: workflowIds[n % 3], createdAt: at(20 + (n % 3)) },
    });
  }
  return { orgId, owner, workflowIds };
}
