/**
 * src/graphql/: the GraphQL layer — builder (plugins, scalars), schema (every module + shield), context,
 * permissions, loaders, errors, and plugins/ (Apollo Server plugins). May import modules/, auth/, db/,
 * limits/ and runtime/; never http/ or Express: both transports build on it.
 */
import { applyMiddleware } from 'graphql-middleware';
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { createShield, mergeRuleMaps, structuralRules, type RuleMap } from './permissions.js';
import '../modules/organization/organization.types.js';
import '../modules/organization/organization.mutations.js';
import '../modules/viewer/viewer.types.js';
import '../modules/member/member.types.js';
import '../modules/member/member.lists.js';
import '../modules/member/member.mutations.js';
import '../modules/workflow/workflow.types.js';
import '../modules/workflow/workflow.lists.js';
import '../modules/workflow/workflow.mutations.js';
import '../modules/execution/execution.types.js';
import '../modules/execution/execution.lists.js';
import '../modules/execution/execution.mutations.js';
import '../modules/integration/integration.types.js';
import '../modules/integration/integration.lists.js';
import '../modules/integration/integration.mutations.js';
import '../modules/api-key/api-key.types.js';
import '../modules/api-key/api-key.lists.js';
import '../modules/api-key/api-key.mutations.js';
import '../modules/audit/audit.types.js';
import '../modules/audit/audit.lists.js';
import { nodePermissions } from '../modules/node.permissions.js';
import { organizationPermissions } from '../modules/organization/organization.permissions.js';
import { viewerPermissions } from '../modules/viewer/viewer.permissions.js';
import { memberPermissions } from '../modules/member/member.permissions.js';
import { workflowPermissions } from '../modules/workflow/workflow.permissions.js';
import { executionPermissions } from '../modules/execution/execution.permissions.js';
import { integrationPermissions } from '../modules/integration/integration.permissions.js';
import { apiKeyPermissions } from '../modules/api-key/api-key.permissions.js';
import { auditPermissions } from '../modules/audit/audit.permissions.js';

/** Every domain's rules, merged: a field without one is denied by shield's fallback. */
export const domainPermissions: RuleMap[] = [
  nodePermissions,
  organizationPermissions,
  viewerPermissions,
  memberPermissions,
  workflowPermissions,
  executionPermissions,
  integrationPermissions,
  apiKeyPermissions,
  auditPermissions,
];

/** The schema without shield: what `schema.graphql` prints, and what a test runs to prove RLS alone holds. */
export const unguardedSchema: GraphQLSchema = builder.toSchema({ sortSchema: true });

export function permissionRules(schema: GraphQLSchema = unguardedSchema): RuleMap {
  return mergeRuleMaps([structuralRules(schema), ...domainPermissions]);
}

export function buildSchema(options: { shield: boolean } = { shield: true }): GraphQLSchema {
  if (!options.shield) return unguardedSchema;
  return applyMiddleware(unguardedSchema, createShield(permissionRules()));
}
