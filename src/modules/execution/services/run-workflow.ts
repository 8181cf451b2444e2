import { randomUUID } from 'node:crypto';
import type { TransactionClient } from '../../../db/client.js';
import { AppError, ErrorCode, notFound } from '../../../graphql/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';
import { selectingAlso, type SelectQuery } from '../../select-query.js';
import { publishExecution } from './publish-execution.js';

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

/** The execution an earlier request with this idempotency key created, if it ran the same workflow. */
async function findEarlierRun(tx: TransactionClient, scope: ServiceScope, input: RunWorkflowInput, query: SelectQuery<Prisma.WorkflowExecutionSelect>) {
  if (!input.idempotencyKey) return null;
  const existing = await tx.workflowExecution.findFirst({
    where: { organizationId: scope.organization.id, idempotencyKey: input.idempotencyKey },
    ...selectingAlso(query, { workflowId: true }),
  });
  if (existing && existing.workflowId !== input.workflowId) {
    throw new AppError(ErrorCode.CONFLICT, 'This idempotency key was already used to run another workflow');
  }
  return existing;
}

/**
 * Queues an execution of the workflow's current version. With an idempotency key, a retry returns
 * the execution the first request created — even if the workflow has stopped being ACTIVE since —
 * and the insert is `ON CONFLICT DO NOTHING` on (organization, key): concurrent retries wait for the
 * first insert to commit, insert nothing, and all return that one execution; only the first writes
 * an audit entry.
 */
export async function runWorkflow(scope: ServiceScope, input: RunWorkflowInput, query: SelectQuery<Prisma.WorkflowExecutionSelect> = {}) {
  const { execution, created } = await queueExecution(scope, input, query);
  // After the commit: a run that rolled back was never seen by anyone, so it is never announced.
  if (created) await publishExecution(scope, { id: created, organizationId: scope.organization.id, workflowId: input.workflowId });
  return execution;
}

/** The execution as `query` selects it, and the id of the one this call created (null when it returned an earlier one). */
function queueExecution(scope: ServiceScope, input: RunWorkflowInput, query: SelectQuery<Prisma.WorkflowExecutionSelect>) {
  return scope.db.transaction(async (tx) => {
    const earlier = await findEarlierRun(tx, scope, input, query);
    if (earlier) return { execution: earlier, created: null };
    const workflow = await findRunnableWorkflow(tx, scope, input.workflowId);
    const id = randomUUID();
    const [inserted] = await tx.workflowExecution.createManyAndReturn({
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
      ...query,
    });
    if (!inserted) {
      // A concurrent request with the same key committed between our look-up and our insert.
      const concurrent = await findEarlierRun(tx, scope, input, query);
      if (concurrent) return { execution: concurrent, created: null };
      throw new AppError(ErrorCode.CONFLICT, 'The execution could not be created; retry the request');
    }
    await recordAudit(tx, scope, {
      action: 'workflow.run',
      resourceType: 'Execution',
      resourceId: id,
      metadata: { workflowId: workflow.id, idempotencyKey: input.idempotencyKey ?? null },
    });
    return { execution: inserted, created: id };
  });
}
