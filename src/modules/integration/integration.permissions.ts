import { and } from 'graphql-shield';
import { canAct, isAuthenticated } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/**
 * Integrations. Members (or integrations:read) see them and their non-secret config; ADMINs connect,
 * change and remove them. Credentials have no field at all: no role or scope can read them back.
 */
const canRead = canAct('VIEWER', 'integrations:read');

const canManage = canAct('ADMIN');

export const integrationPermissions = {
  Mutation: { createIntegration: canManage, updateIntegration: canManage, deleteIntegration: canManage },
  CreateIntegrationPayload: isAuthenticated,
  UpdateIntegrationPayload: isAuthenticated,
  DeleteIntegrationPayload: isAuthenticated,
  Organization: { integrations: and(canRead, isActiveOrganization) },
  Integration: { '*': canRead, config: canRead, hasCredentials: canRead },
};
