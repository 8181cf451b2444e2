import type { Prisma } from '../../../generated/prisma/client.js';
import type { SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';
import { transitionExecution } from './transition-execution.js';

/** A person or partner stops a queued or running execution. */
export function cancelExecution(scope: ServiceScope, executionId: string, query?: SelectQuery<Prisma.WorkflowExecutionSelect>) {
  return transitionExecution(scope, { executionId, to: 'CANCELLED', action: 'execution.cancel' }, query);
}
