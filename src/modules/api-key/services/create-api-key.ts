import { generateApiKey } from '../../../auth/api-key-format.js';
import type { Scope } from '../../../auth/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';

export interface CreateApiKeyInput {
  name: string;
  scopes: Scope[];
  expiresAt?: Date;
}

/** A new key for the organization. Its secret is returned once, here; only its hash is stored. */
export function createApiKey(scope: ServiceScope, input: CreateApiKeyInput) {
  const generated = generateApiKey();
  return scope.db.transaction(async (tx) => {
    const apiKey = await tx.apiKey.create({
      data: {
        organizationId: scope.organization.id,
        name: input.name,
        prefix: generated.prefix,
        hash: new Uint8Array(generated.hash),
        scopes: input.scopes,
        expiresAt: input.expiresAt,
        createdById: scope.actor.kind === 'user' ? scope.actor.userId : null,
      },
    });
    await recordAudit(tx, scope, {
      action: 'apiKey.create',
      resourceType: 'ApiKey',
      resourceId: apiKey.id,
      metadata: { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { apiKey, secret: generated.key };
  });
}
