import { builder } from '../../graphql/builder.js';
import { IntegrationStatus } from '../../generated/prisma/enums.js';
import { NO_TENANT } from '../ids.js';

export const IntegrationStatusEnum = builder.enumType(IntegrationStatus, {
  name: 'IntegrationStatus',
  description: 'Whether an integration is usable. ADMINs set it with updateIntegration.',
  values: {
    CONNECTED: { description: 'Working: its credentials were accepted.' },
    ERROR: { description: 'The service refused it (e.g. expired credentials); fix and reconnect.' },
    DISCONNECTED: { description: 'Turned off on purpose.' },
  },
});

/**
 * A connection to a third-party service. Its credentials are write-only: there is deliberately no
 * field for them, and the Prisma selection never asks for the column.
 */
export const IntegrationRef = builder.prismaNode('Integration', {
  description:
    'A connection to a third-party service. Readable by any member (VIEWER and up) or an API key with integrations:read; ADMINs create, change and delete them. Its credentials are write-only: no field returns them.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: a read loads the columns its fields ask for, so `config` (up to 16 kB) only when asked.
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT, isActive: true }),
  fields: (t) => ({
    provider: t.exposeString('provider', { description: 'Which service, e.g. slack or github: 2-40 lowercase letters, digits or dashes.' }),
    name: t.exposeString('name', { description: 'Display name, 1 to 100 characters.' }),
    status: t.expose('status', { type: IntegrationStatusEnum, description: 'Whether it is usable.' }),
    config: t.expose('config', { type: 'JSON', description: 'Non-secret settings: a JSON object of at most 16 kB.' }),
    hasCredentials: t.boolean({
      description: 'Whether credentials are stored (they are never returned).',
      select: { credentials: true },
      resolve: (integration) => integration.credentials !== null && integration.credentials.length > 0,
    }),
    owner: t.relation('owner', { nullable: true, description: 'The person a personal connection belongs to; null for one shared by the organization.' }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The ADMIN who created it; null when the account was deleted.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its name, config, credentials or status last changed.' }),
  }),
});
