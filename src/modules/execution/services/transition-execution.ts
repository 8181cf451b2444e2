import { exactJson } from '../../../db/exact-json.js';
import { AppError, ErrorCode, notFound } from '../../../graphql/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import type { ExecutionStatus } from '../../../generated/prisma/enums.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';
import { selectingAlso, type SelectQuery } from '../../select-query.js';
import { publishExecution } from './publish-execution.js';

/** The legal moves: QUEUED→RUNNING→SUCCEEDED|FAILED, and QUEUED|RUNNING→CANCELLED. */
const ALLOWED_FROM: Record<ExecutionStatus, ExecutionStatus[]> = {
  QUEUED: [],
  RUNNING: ['QUEUED'],
  SUCCEEDED: ['RUNNING'],
  FAILED: ['RUNNING'],
  CANCELLED: ['QUEUED', 'RUNNING'],
};

export interface Transition {
  executionId: string;
  to: ExecutionStatus;
  output?: Prisma.InputJsonValue;
  error?: string;
  action: string;
}

function timestampsFor(to: ExecutionStatus, now: Date) {
  if (to === 'RUNNING') return { startedAt: now };
  return { finishedAt: now };
}

/**
 * Moves an execution to `to` if, and only if, its current status allows it. The check and the write
 * are one conditional UPDATE, so two workers reporting at once cannot both win.
 */
export async function transitionExecution(scope: ServiceScope, transition: Transition, query: SelectQuery<Prisma.WorkflowExecutionSelect> = {}) {
  const execution = await applyTransition(scope, transition, query);
  await publishExecution(scope, execution);
  return execution;
}

function applyTransition(scope: ServiceScope, transition: Transition, query: SelectQuery<Prisma.WorkflowExecutionSelect>) {
  return scope.db.transaction(async (tx) => {
    const now = new Date();
    const where = { id: transition.executionId, organizationId: scope.organization.id };
    const { count } = await tx.workflowExecution.updateMany({
      where: { ...where, status: { in: ALLOWED_FROM[transition.to] } },
      data: { status: transition.to, output: exactJson(transition.output), error: transition.error, ...timestampsFor(transition.to, now) },
    });
    // What the conflict message and the event need, beside what the client selected.
    const execution = await tx.workflowExecution.findFirst({
      where,
      ...selectingAlso(query, { id: true, status: true, organizationId: true, workflowId: true }),
    });
    if (!execution) throw notFound('Execution');
    if (count === 0) {
      throw new AppError(ErrorCode.CONFLICT, `An execution that is ${execution.status} cannot become ${transition.to}`, {
        currentStatus: execution.status,
      });
    }
    await recordAudit(tx, scope, {
      action: transition.action,
      resourceType: 'Execution',
      resourceId: execution.id,
      metadata: { status: transition.to },
    });
    return execution;
  });
}
