import { notFound } from '../../../graphql/errors.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';

/**
 * Disconnects an integration: the row stays for the audit trail, but it is inactive, invisible to
 * the API, and its credentials are erased.
 */
export function deleteIntegration(scope: ServiceScope, integrationId: string) {
  return scope.db.transaction(async (tx) => {
    const { count } = await tx.integration.updateMany({
      where: { id: integrationId, organizationId: scope.organization.id, isActive: true },
      data: { isActive: false, status: 'DISCONNECTED', credentials: null },
    });
    if (count === 0) throw notFound('Integration');
    await recordAudit(tx, scope, { action: 'integration.delete', resourceType: 'Integration', resourceId: integrationId });
    return { id: integrationId };
  });
}
