import { and } from 'graphql-shield';
import { canAct, isAuthenticated } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/**
 * Workflows and their versions. Every member (or an API key with workflows:read) may read them;
 * EDITORs and above (or workflows:write) create, edit, activate and archive them.
 */
const canRead = canAct('VIEWER', 'workflows:read');
const canWrite = canAct('EDITOR', 'workflows:write');

export const workflowPermissions = {
  Query: { workflow: canRead },
  Mutation: { createWorkflow: canWrite, updateWorkflow: canWrite, setWorkflowStatus: canWrite },
  Organization: { workflows: and(canRead, isActiveOrganization) },
  Workflow: { '*': canRead },
  WorkflowVersion: { '*': canRead },
  CreateWorkflowPayload: isAuthenticated,
  UpdateWorkflowPayload: isAuthenticated,
  SetWorkflowStatusPayload: isAuthenticated,
};
