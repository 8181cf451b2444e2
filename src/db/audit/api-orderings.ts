/**
 * The ORDER BY of every connection the API serves, with the columns its rows are narrowed by first
 * (the tenant, and the parent for a nested connection, which composite keys make a pair). Keep this
 * in step with the `orderBy` of the modules' `*.types.ts`: the audit fails when no index serves one.
 * Only the first sort column is required of the index; the trailing "id" only breaks ties.
 */
export interface ApiOrdering {
  field: string;
  table: string;
  where: string[];
  orderBy: string;
}

export const API_ORDERINGS: ApiOrdering[] = [
  { field: 'Organization.members', table: 'organization_members', where: ['organizationId'], orderBy: 'createdAt' },
  { field: 'Organization.workflows', table: 'workflows', where: ['organizationId'], orderBy: 'updatedAt' },
  { field: 'Organization.workflows(status)', table: 'workflows', where: ['organizationId', 'status'], orderBy: 'updatedAt' },
  { field: 'Workflow.versions', table: 'workflow_versions', where: ['organizationId', 'workflowId'], orderBy: 'version' },
  { field: 'Organization.executions', table: 'workflow_executions', where: ['organizationId'], orderBy: 'createdAt' },
  { field: 'Organization.executions(status)', table: 'workflow_executions', where: ['organizationId', 'status'], orderBy: 'createdAt' },
  { field: 'Workflow.executions, Organization.executions(workflowId)', table: 'workflow_executions', where: ['organizationId', 'workflowId'], orderBy: 'createdAt' },
  { field: 'Organization.integrations', table: 'integrations', where: ['organizationId'], orderBy: 'createdAt' },
  { field: 'Organization.apiKeys', table: 'api_keys', where: ['organizationId'], orderBy: 'createdAt' },
  { field: 'Organization.auditLog', table: 'audit_log_entries', where: ['organizationId'], orderBy: 'createdAt' },
];
