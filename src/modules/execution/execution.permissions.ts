import { and } from 'graphql-shield';
import { canAct, hasActiveOrganization, hasScope, isAuthenticated } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/**
 * Executions. Members (or executions:read) see them; EDITORs (or executions:write) run and cancel
 * workflows; only workers' API keys (executions:report) report progress. Executions listed under a
 * workflow need both read permissions.
 */
const canRead = canAct('VIEWER', 'executions:read');
const canRun = canAct('EDITOR', 'executions:write');
const canReadWorkflows = canAct('VIEWER', 'workflows:read');

export const executionPermissions = {
  Query: { execution: canRead },
  Mutation: {
    runWorkflow: canRun,
    cancelExecution: canRun,
    reportExecution: and(isAuthenticated, hasActiveOrganization, hasScope('executions:report')),
  },
  Subscription: { executionUpdated: canRead },
  Organization: { executions: and(canRead, isActiveOrganization) },
  Workflow: { executions: and(canReadWorkflows, canRead), lastExecution: and(canReadWorkflows, canRead), executionCount: canReadWorkflows },
  Execution: { '*': canRead },
  RunWorkflowPayload: isAuthenticated,
  CancelExecutionPayload: isAuthenticated,
  ReportExecutionPayload: isAuthenticated,
};
