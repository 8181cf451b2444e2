import type { Prisma } from '../../../generated/prisma/client.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';

export interface CreateWorkflowInput {
  name: string;
  description: string;
  definition: Prisma.InputJsonObject;
}

/** A DRAFT workflow with its first version, made current, and the audit entry: all or nothing. */
export function createWorkflow(scope: ServiceScope, input: CreateWorkflowInput, query: SelectQuery<Prisma.WorkflowSelect> = {}) {
  const createdById = scope.actor.kind === 'user' ? scope.actor.userId : null;
  return scope.db.transaction(async (tx) => {
    const workflow = await tx.workflow.create({
      data: { organizationId: scope.organization.id, name: input.name, description: input.description, createdById },
    });
    const version = await tx.workflowVersion.create({
      data: { organizationId: scope.organization.id, workflowId: workflow.id, version: 1, definition: input.definition, createdById },
    });
    const current = await tx.workflow.update({ where: { id: workflow.id }, data: { currentVersionId: version.id }, ...query });
    await recordAudit(tx, scope, {
      action: 'workflow.create',
      resourceType: 'Workflow',
      resourceId: workflow.id,
      metadata: { name: input.name, version: 1 },
    });
    return current;
  });
}
