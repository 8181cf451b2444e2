import type { TransactionClient } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ServiceScope } from '../service-scope.js';

export interface AuditEvent {
  action: string;
  resourceType: string;
  resourceId: string;
  metadata?: Prisma.InputJsonValue;
}

/** Writes the audit entry inside the mutation's own transaction, so both commit or neither does. */
export function recordAudit(tx: TransactionClient, scope: ServiceScope, event: AuditEvent) {
  return tx.auditLogEntry.create({
    data: {
      organizationId: scope.organization.id,
      actorUserId: scope.actor.kind === 'user' ? scope.actor.userId : null,
      actorApiKeyId: scope.actor.kind === 'apiKey' ? scope.actor.apiKeyId : null,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      metadata: event.metadata ?? {},
      requestId: scope.requestId,
      ip: scope.ip,
    },
  });
}
