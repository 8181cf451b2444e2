import { builder } from '../../graphql/builder.js';
import { NO_TENANT } from '../ids.js';

export const AuditLogEntryRef = builder.prismaNode('AuditLogEntry', {
  description:
    'One change made through the API, written in the same transaction as the change. Readable by ADMINs and OWNERs or an API key with audit:read; nobody can change or delete it.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: a read loads the columns its fields ask for, so `metadata` only when asked.
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    action: t.exposeString('action', { description: 'What happened, as <resource>.<verb> (workflow.create).' }),
    resourceType: t.exposeString('resourceType', { description: 'The kind of thing changed (workflow, execution, member, …).' }),
    resourceId: t.exposeString('resourceId', { description: 'The database id of the thing changed (not a global id).' }),
    metadata: t.expose('metadata', { type: 'JSON', description: 'Details of the change, as a JSON object; never secrets.' }),
    actorUser: t.relation('actorUser', { nullable: true, description: 'The person who made the change; null when an API key did.' }),
    actorApiKey: t.relation('actorApiKey', { nullable: true, description: 'The API key that made the change; null when a person did.' }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The x-request-id of the request that made it, to find it in the logs.' }),
    ip: t.exposeString('ip', { nullable: true, description: 'The client address the request came from, when known.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the change was committed.' }),
  }),
});
