import type { Prisma } from '../../../generated/prisma/client.js';
import type { ExecutionStatus } from '../../../generated/prisma/enums.js';
import type { SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';
import { transitionExecution } from './transition-execution.js';

export interface ExecutionReport {
  executionId: string;
  status: ExecutionStatus;
  output?: Prisma.InputJsonValue;
  error?: string;
}

/** A worker reports progress: started, succeeded (with output), failed (with error) or cancelled. */
export function reportExecution(scope: ServiceScope, report: ExecutionReport, query?: SelectQuery<Prisma.WorkflowExecutionSelect>) {
  return transitionExecution(
    scope,
    { executionId: report.executionId, to: report.status, output: report.output, error: report.error, action: 'execution.report' },
    query,
  );
}
