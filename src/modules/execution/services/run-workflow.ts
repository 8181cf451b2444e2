import { randomUUID } from 'node:crypto';
import type { TransactionClient } from '../../../db/client.js';
import { AppError, ErrorCode, notFound } from '../../../errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';

export interface RunWorkflowInput {
  workflowId: string;
  input: Prisma.InputJsonObject;
  idempotencyKey?: string;
}

async function findRunnableWorkflow(tx: TransactionClient, scope: ServiceScope, workflowId: string) {
  const workflow = await tx.workflow.findFirst({ where: { id: workflowId, organizationId: scope.organization.id } });
  if (!workflow) throw notFound('Workflow');
  if (workflow.status !== 'ACTIVE' || !workflow.currentVersionId) {
    throw new AppError(ErrorCode.CONFLICT, `Only an ACTIVE workflow can run; this one is ${workflow.status}`);
  }
  return { ...workflow, currentVersionId: workflow.currentVersionId };
}

function sameRequest(existing: { workflowId: string }, input: RunWorkflowInput) {
  if (existing.workflowId !== input.workflowId) {
    throw new AppError(ErrorCode.CONFLICT, 'This idempotency key was already used to run another workflow');
  }
}

/**
 * Queues an execution of the workflow's current version. With an idempotency key, the insert is
 * `ON CONFLICT DO NOTHING` on (organization, key): concurrent retries wait for the first insert to
 * commit, insert nothing, and all return that one execution; only the first writes an audit entry.
 */
export function runWorkflow(scope: ServiceScope, input: RunWorkflowInput) {
  return scope.db.transaction(async (tx) => {
    const workflow = await findRunnableWorkflow(tx, scope, input.workflowId);
    const id = randomUUID();
    const { count } = await tx.workflowExecution.createMany({
      data: {
        id,
        organizationId: scope.organization.id,
        workflowId: workflow.id,
        versionId: workflow.currentVersionId,
        trigger: scope.actor.kind === 'apiKey' ? 'API' : 'MANUAL',
        input: input.input,
        idempotencyKey: input.idempotencyKey,
        triggeredByUserId: scope.actor.kind === 'user' ? scope.actor.userId : null,
        triggeredByApiKeyId: scope.actor.kind === 'apiKey' ? scope.actor.apiKeyId : null,
      },
      skipDuplicates: true,
    });
    if (count === 0) {
      const existing = await tx.workflowExecution.findFirstOrThrow({
        where: { organizationId: scope.organization.id, idempotencyKey: input.idempotencyKey },
      });
      sameRequest(existing, input);
      return existing;
    }
    await recordAudit(tx, scope, {
      action: 'workflow.run',
      resourceType: 'Execution',
      resourceId: id,
      metadata: { workflowId: workflow.id, idempotencyKey: input.idempotencyKey ?? null },
    });
    return tx.workflowExecution.findUniqueOrThrow({ where: { id } });
  });
}
