import { and, rule } from 'graphql-shield';
import { canAct, isAuthenticated, isPerson } from '../../auth/rules.js';
import type { Context } from '../../graphql/context.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { Organization } from '../../generated/prisma/client.js';

/**
 * Organizations. Any member may read the active organization; ADMINs rename it and only OWNERs change
 * its plan (checked in the service, since it depends on which input fields are set). Anyone signed in
 * may create one. An Organization object can also be reached through `viewer.memberships` and the
 * createOrganization payload, so its own scalar fields need only authentication, while every field
 * that reaches into tenant data (defined by other domains) must also pass `isActiveOrganization`.
 */
// Not cached: 'strict' caching hashes the parent with object-hash, and an Organization parent
// carries every relation Pothos preloaded for the query (whole pages of workflows and executions).
// Hashing that cost a quarter of the dashboard query's CPU; comparing two ids costs nothing.
export const isActiveOrganization = rule({ cache: 'no_cache' })((organization: Organization, _args, ctx: Context) =>
  organization.id === ctx.organization?.id
    ? true
    : new AppError(ErrorCode.FORBIDDEN, 'Only the active organization’s lists can be read: name this organization in x-organization-id'),
);

export const organizationPermissions = {
  Query: { organization: canAct('VIEWER', 'any') },
  Mutation: {
    createOrganization: and(isAuthenticated, isPerson),
    updateOrganization: canAct('ADMIN'),
  },
  Organization: { '*': isAuthenticated },
  CreateOrganizationPayload: isAuthenticated,
  UpdateOrganizationPayload: isAuthenticated,
};
