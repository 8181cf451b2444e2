import { notFound } from '../../../graphql/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import type { WorkflowStatus } from '../../../generated/prisma/enums.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';

/** Activates, drafts or archives a workflow. Only ACTIVE workflows can be run. */
export function setWorkflowStatus(scope: ServiceScope, workflowId: string, status: WorkflowStatus, query: SelectQuery<Prisma.WorkflowSelect> = {}) {
  return scope.db.transaction(async (tx) => {
    const existing = await tx.workflow.findFirst({ where: { id: workflowId, organizationId: scope.organization.id } });
    if (!existing) throw notFound('Workflow');
    const workflow = await tx.workflow.update({ where: { id: workflowId }, data: { status }, ...query });
    await recordAudit(tx, scope, {
      action: 'workflow.setStatus',
      resourceType: 'Workflow',
      resourceId: workflowId,
      metadata: { from: existing.status, to: status },
    });
    return workflow;
  });
}
