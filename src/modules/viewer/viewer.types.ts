import { builder } from '../../graphql/builder.js';
import { findMembershipsOfUser } from '../../db/privileged.js';
import type { Organization, Role } from '../../generated/prisma/client.js';
import { NO_TENANT } from '../ids.js';
import { OrganizationRef, RoleEnum } from '../organization/organization.types.js';

export const UserRef = builder.prismaNode('User', {
  description: 'A person. Any authenticated caller sees themselves and the members of the active organization; nobody else.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: `createdBy { email }` reads the email, not the whole row.
  select: {},
  // A person is visible to themselves and to the members of the active organization.
  findUnique: (id, ctx) => ({
    id,
    OR: [
      { id: ctx.actor?.kind === 'user' ? ctx.actor.userId : NO_TENANT },
      { memberships: { some: { organizationId: ctx.organization?.id ?? NO_TENANT } } },
    ],
  }),
  fields: (t) => ({
    email: t.exposeString('email', { description: 'Their sign-in email address, unique across the gateway.' }),
    name: t.exposeString('name', { description: 'Display name; for someone added by email, the part of the address before the @.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
  }),
});

const Membership = builder.objectRef<{ role: Role; organization: Organization }>('Membership').implement({
  description: 'One organization you belong to, and your role in it. Only you see your memberships.',
  fields: (t) => ({
    role: t.field({ type: RoleEnum, description: 'Your role there, from the membership (never from the token).', resolve: (membership) => membership.role }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The organization. Its own fields answer here; its lists answer only when it is the active organization (send its id or slug as x-organization-id).',
      resolve: (membership) => membership.organization,
    }),
  }),
});

const Viewer = builder.objectRef<{ userId: string }>('Viewer').implement({
  description: 'The person behind the bearer token (people only; API keys get null).',
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      description: 'Your own account.',
      resolve: (query, viewer, _args, ctx) => ctx.db.prisma.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    memberships: t.field({
      type: [Membership],
      description: 'Every organization you belong to, with your role: pick the active one from here. Not paginated (memberships are few).',
      resolve: (viewer, _args, ctx) => findMembershipsOfUser(ctx.base, viewer.userId),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    nullable: true,
    description: 'You, when you call with a bearer token; null without credentials or with an API key. Open to everyone: the one field (with `__typename`) that answers without credentials.',
    resolve: (_root, _args, ctx) => (ctx.actor?.kind === 'user' ? { userId: ctx.actor.userId } : null),
  }),
);
