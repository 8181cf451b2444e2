import { AppError, ErrorCode, notFound } from '../../../graphql/errors.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';

/** Revokes a key: the next request made with it is UNAUTHENTICATED, and its open sockets close. */
export async function revokeApiKey(scope: ServiceScope, apiKeyId: string) {
  const revoked = await scope.db.transaction(async (tx) => {
    const where = { id: apiKeyId, organizationId: scope.organization.id };
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    const apiKey = await tx.apiKey.findFirst({ where });
    if (!apiKey) throw notFound('ApiKey');
    if (count === 0) throw new AppError(ErrorCode.CONFLICT, 'This API key was already revoked');
    await recordAudit(tx, scope, { action: 'apiKey.revoke', resourceType: 'ApiKey', resourceId: apiKey.id, metadata: { name: apiKey.name } });
    return apiKey;
  });
  await scope.events.publish({ kind: 'api-key', organizationId: revoked.organizationId, apiKeyId: revoked.id });
  return revoked;
}
