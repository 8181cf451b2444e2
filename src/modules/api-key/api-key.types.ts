import { builder } from '../../graphql/builder.js';
import { NO_TENANT } from '../ids.js';

/** An API key as admins see it: never its secret or hash, which are shown once at creation. */
export const ApiKeyRef = builder.prismaNode('ApiKey', {
  description:
    'A key for a partner or worker: belongs to one organization and carries scopes. ADMINs (people only) create, list and revoke keys and read all fields; `id` and `name` are readable by any member (VIEWER and up) or API key of the organization, so executions can show who started them. The secret is shown once, at creation.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: an execution's `triggeredBy { ... on ApiKey { name } }` reads the name, never the key's hash.
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What the key is for, 1 to 100 characters. Any member or API key of the organization may read it.' }),
    prefix: t.exposeString('prefix', { description: 'The public part of the key (fgk_<prefix>_…), to recognise it. ADMIN.' }),
    scopes: t.exposeStringList('scopes', {
      description: 'What the key may do: workflows:read, workflows:write, executions:read, executions:write, executions:report, integrations:read, members:read, audit:read. ADMIN.',
    }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The ADMIN who created it; null when the account was deleted. ADMIN.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Its last use, to within a minute; null if never used. ADMIN.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When it stops working; null for never. ADMIN.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked (it no longer works); null while valid. ADMIN.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created. ADMIN.' }),
  }),
});
