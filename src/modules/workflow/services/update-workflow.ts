import { isDeepStrictEqual } from 'node:util';
import type { TransactionClient } from '../../../db/client.js';
import { notFound } from '../../../graphql/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';

export interface UpdateWorkflowInput {
  workflowId: string;
  name?: string;
  description?: string;
  definition?: Prisma.InputJsonObject;
}

/** Locks the workflow row so concurrent edits number their versions one after another. */
async function lockWorkflow(tx: TransactionClient, scope: ServiceScope, workflowId: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "workflows" WHERE "id" = ${workflowId}::uuid AND "organizationId" = ${scope.organization.id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound('Workflow');
  return tx.workflow.findUniqueOrThrow({ where: { id: workflowId }, include: { currentVersion: true } });
}

/**
 * Renames or redescribes a workflow; a definition that differs from the current one becomes a new
 * WorkflowVersion (an identical one does not), made current in the same transaction.
 */
export function updateWorkflow(scope: ServiceScope, input: UpdateWorkflowInput, query: SelectQuery<Prisma.WorkflowSelect> = {}) {
  const createdById = scope.actor.kind === 'user' ? scope.actor.userId : null;
  return scope.db.transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, scope, input.workflowId);
    const definitionChanged =
      input.definition !== undefined && !isDeepStrictEqual(input.definition, workflow.currentVersion?.definition);
    let currentVersionId = workflow.currentVersionId;
    let versionNumber = workflow.currentVersion?.version;
    if (definitionChanged) {
      const latest = await tx.workflowVersion.aggregate({ where: { workflowId: workflow.id }, _max: { version: true } });
      versionNumber = (latest._max.version ?? 0) + 1;
      const version = await tx.workflowVersion.create({
        data: { organizationId: scope.organization.id, workflowId: workflow.id, version: versionNumber, definition: input.definition!, createdById },
      });
      currentVersionId = version.id;
    }
    const updated = await tx.workflow.update({
      where: { id: workflow.id },
      data: { name: input.name, description: input.description, currentVersionId, updatedAt: new Date() },
      ...query,
    });
    await recordAudit(tx, scope, {
      action: 'workflow.update',
      resourceType: 'Workflow',
      resourceId: workflow.id,
      metadata: { name: input.name ?? null, description: input.description !== undefined, newVersion: definitionChanged ? versionNumber! : null },
    });
    return updated;
  });
}
