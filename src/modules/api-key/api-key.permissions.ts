import { and } from 'graphql-shield';
import { canAct, isAuthenticated } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/**
 * API keys are managed by ADMINs only; no API key can list or create keys. A key's name (and id) are
 * visible to any member, because executions show which key triggered them.
 */
const canManage = canAct('ADMIN');
const canRecognise = canAct('VIEWER', 'any');

export const apiKeyPermissions = {
  Mutation: { createApiKey: canManage, revokeApiKey: canManage },
  CreateApiKeyPayload: isAuthenticated,
  RevokeApiKeyPayload: isAuthenticated,
  Organization: { apiKeys: and(canManage, isActiveOrganization) },
  ApiKey: { '*': canManage, id: canRecognise, name: canRecognise },
};
