import { AppError, ErrorCode, notFound } from '../../../graphql/errors.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';

/** Revokes a key: the next request made with it is UNAUTHENTICATED. */
export function revokeApiKey(scope: ServiceScope, apiKeyId: string) {
  return scope.db.transaction(async (tx) => {
    const where = { id: apiKeyId, organizationId: scope.organization.id };
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    const apiKey = await tx.apiKey.findFirst({ where });
    if (!apiKey) throw notFound('ApiKey');
    if (count === 0) throw new AppError(ErrorCode.CONFLICT, 'This API key was already revoked');
    await recordAudit(tx, scope, { action: 'apiKey.revoke', resourceType: 'ApiKey', resourceId: apiKey.id, metadata: { name: apiKey.name } });
    return apiKey;
  });
}
