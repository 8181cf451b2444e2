import { builder } from '../../graphql/builder.js';
import { IntegrationStatus } from '../../generated/prisma/enums.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT } from '../ids.js';

export const IntegrationStatusEnum = builder.enumType(IntegrationStatus, { name: 'IntegrationStatus' });

/**
 * A connection to a third-party service. Its credentials are write-only: there is deliberately no
 * field for them, and the Prisma selection never asks for the column.
 */
export const IntegrationRef = builder.prismaNode('Integration', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT, isActive: true }),
  fields: (t) => ({
    provider: t.exposeString('provider'),
    name: t.exposeString('name'),
    status: t.expose('status', { type: IntegrationStatusEnum }),
    config: t.expose('config', { type: 'JSON' }),
    hasCredentials: t.boolean({
      select: { credentials: true },
      resolve: (integration) => integration.credentials !== null && integration.credentials.length > 0,
    }),
    owner: t.relation('owner', { nullable: true, description: 'Set for a personal connection.' }),
    createdBy: t.relation('createdBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Organization', 'integrations', (t) =>
  t.relatedConnection('integrations', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: { provider: t.arg.string({ required: false }) },
    query: (args) => ({
      where: { isActive: true, provider: args.provider ?? undefined },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
  }),
);
