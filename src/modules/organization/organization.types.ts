import { builder } from '../../graphql/builder.js';
import { Plan, Role } from '../../generated/prisma/enums.js';
import { NO_TENANT } from '../ids.js';

export const PlanEnum = builder.enumType(Plan, { name: 'Plan' });
export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'A member’s role in one organization: OWNER > ADMIN > EDITOR > VIEWER.',
});

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  nullable: true,
  // Relay node lookups stay inside the active organization, like every other query.
  findUnique: (id, ctx) => ({ id, AND: [{ id: ctx.organization?.id ?? NO_TENANT }] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    plan: t.expose('plan', { type: PlanEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    viewerRole: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'Your role here; null for an API key.',
      resolve: (organization, _args, ctx) => ctx.loaders.viewerRole.load(organization.id),
    }),
  }),
});

builder.queryField('organization', (t) =>
  t.prismaField({
    type: 'Organization',
    description: 'The active organization: the one named by x-organization-id, or the API key’s own.',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.organization.findUniqueOrThrow({ ...query, where: { id: ctx.organization?.id ?? NO_TENANT } }),
  }),
);
