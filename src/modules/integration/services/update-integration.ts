import { notFound } from '../../../graphql/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import type { IntegrationStatus } from '../../../generated/prisma/enums.js';
import { recordAudit } from '../../audit/record-audit.js';
import { selectingAlso, type SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';
import { encryptCredentials } from '../credentials-cipher.js';

export interface UpdateIntegrationInput {
  integrationId: string;
  name?: string;
  config?: Prisma.InputJsonObject;
  credentials?: Record<string, unknown>;
  status?: IntegrationStatus;
}

/** Renames, reconfigures or re-authorises an integration; new credentials replace the old ones. */
export function updateIntegration(scope: ServiceScope, credentialsKey: Buffer, input: UpdateIntegrationInput, query: SelectQuery<Prisma.IntegrationSelect> = {}) {
  return scope.db.transaction(async (tx) => {
    const where = { id: input.integrationId, organizationId: scope.organization.id, isActive: true };
    if (!(await tx.integration.findFirst({ where }))) throw notFound('Integration');
    const integration = await tx.integration.update({
      where: { id: input.integrationId },
      data: {
        name: input.name,
        config: input.config,
        status: input.status,
        credentials: input.credentials ? new Uint8Array(encryptCredentials(credentialsKey, input.credentials)) : undefined,
      },
      ...selectingAlso(query, { id: true }),
    });
    await recordAudit(tx, scope, {
      action: 'integration.update',
      resourceType: 'Integration',
      resourceId: integration.id,
      metadata: { fields: Object.keys(input).filter((key) => key !== 'integrationId' && input[key as keyof UpdateIntegrationInput] !== undefined) },
    });
    return integration;
  });
}
