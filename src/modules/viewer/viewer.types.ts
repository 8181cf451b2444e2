import { builder } from '../../graphql/builder.js';
import { findMembershipsOfUser } from '../../db/privileged.js';
import type { Organization, Role } from '../../generated/prisma/client.js';
import { NO_TENANT } from '../ids.js';
import { OrganizationRef, RoleEnum } from '../organization/organization.types.js';

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  nullable: true,
  // A person is visible to themselves and to the members of the active organization.
  findUnique: (id, ctx) => ({
    id,
    OR: [
      { id: ctx.actor?.kind === 'user' ? ctx.actor.userId : NO_TENANT },
      { memberships: { some: { organizationId: ctx.organization?.id ?? NO_TENANT } } },
    ],
  }),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const Membership = builder.objectRef<{ role: Role; organization: Organization }>('Membership').implement({
  description: 'One organization you belong to, and your role in it.',
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (membership) => membership.role }),
    organization: t.field({ type: OrganizationRef, resolve: (membership) => membership.organization }),
  }),
});

const Viewer = builder.objectRef<{ userId: string }>('Viewer').implement({
  description: 'The person behind the bearer token.',
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      resolve: (query, viewer, _args, ctx) => ctx.db.prisma.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    memberships: t.field({
      type: [Membership],
      resolve: (viewer, _args, ctx) => findMembershipsOfUser(ctx.base, viewer.userId),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    nullable: true,
    description: 'You, when you call with a bearer token; null without one or with an API key.',
    resolve: (_root, _args, ctx) => (ctx.actor?.kind === 'user' ? { userId: ctx.actor.userId } : null),
  }),
);
