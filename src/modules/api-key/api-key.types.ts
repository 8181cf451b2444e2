import { builder } from '../../graphql/builder.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT } from '../ids.js';

/** An API key as admins see it: never its secret or hash, which are shown once at creation. */
export const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The public part of the key (fgk_<prefix>_…), to recognise it.' }),
    scopes: t.exposeStringList('scopes'),
    createdBy: t.relation('createdBy', { nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Organization', 'apiKeys', (t) =>
  t.relatedConnection('apiKeys', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: { includeRevoked: t.arg.boolean({ required: false, defaultValue: false }) },
    query: (args) => ({
      where: args.includeRevoked ? {} : { revokedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
  }),
);
