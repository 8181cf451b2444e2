import type { ServiceScope } from '../../service-scope.js';

/** Announces a committed change of `execution` to subscribers on every replica: its ids only. */
export function publishExecution(scope: ServiceScope, execution: { id: string; organizationId: string; workflowId: string }) {
  return scope.events.publish({ kind: 'execution', organizationId: execution.organizationId, executionId: execution.id, workflowId: execution.workflowId });
}
