import { builder } from '../../graphql/builder.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT } from '../ids.js';

export const AuditLogEntryRef = builder.prismaNode('AuditLogEntry', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    action: t.exposeString('action', { description: 'What happened, as <resource>.<verb> (workflow.create).' }),
    resourceType: t.exposeString('resourceType'),
    resourceId: t.exposeString('resourceId'),
    metadata: t.expose('metadata', { type: 'JSON' }),
    actorUser: t.relation('actorUser', { nullable: true }),
    actorApiKey: t.relation('actorApiKey', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Organization', 'auditLog', (t) =>
  t.relatedConnection('auditLog', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
);
