import type { Prisma } from '../../../generated/prisma/client.js';
import { recordAudit } from '../../audit/record-audit.js';
import { selectingAlso, type SelectQuery } from '../../select-query.js';
import type { ServiceScope } from '../../service-scope.js';
import { encryptCredentials } from '../credentials-cipher.js';

export interface CreateIntegrationInput {
  provider: string;
  name: string;
  config: Prisma.InputJsonObject;
  credentials?: Record<string, unknown>;
}

/** Connects a third-party service. Credentials are sealed before they reach the database or the log. */
export function createIntegration(scope: ServiceScope, credentialsKey: Buffer, input: CreateIntegrationInput, query: SelectQuery<Prisma.IntegrationSelect> = {}) {
  return scope.db.transaction(async (tx) => {
    const integration = await tx.integration.create({
      data: {
        organizationId: scope.organization.id,
        provider: input.provider,
        name: input.name,
        config: input.config,
        credentials: input.credentials ? new Uint8Array(encryptCredentials(credentialsKey, input.credentials)) : null,
        createdById: scope.actor.kind === 'user' ? scope.actor.userId : null,
      },
      ...selectingAlso(query, { id: true }),
    });
    await recordAudit(tx, scope, {
      action: 'integration.create',
      resourceType: 'Integration',
      resourceId: integration.id,
      metadata: { provider: input.provider, name: input.name, hasCredentials: Boolean(input.credentials) },
    });
    return integration;
  });
}
