import { builder } from '../../graphql/builder.js';
import { Plan, Role } from '../../generated/prisma/enums.js';
import { NO_TENANT } from '../ids.js';

export const PlanEnum = builder.enumType(Plan, {
  name: 'Plan',
  description: 'The organization’s subscription plan. Any member may read it; only an OWNER changes it.',
  values: {
    FREE: { description: 'The free plan.' },
    TEAM: { description: 'The paid plan for teams.' },
    ENTERPRISE: { description: 'The plan for large organizations, by contract.' },
  },
});
export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'A member’s role in one organization: OWNER > ADMIN > EDITOR > VIEWER; each may do all that the roles below it may.',
  values: {
    OWNER: { description: 'Everything an ADMIN may, plus change the plan and grant, change or remove the OWNER role. An organization always keeps at least one.' },
    ADMIN: { description: 'Everything an EDITOR may, plus manage members (not owners), integrations and API keys, and read the audit log.' },
    EDITOR: { description: 'Everything a VIEWER may, plus create, edit, activate and archive workflows, and run and cancel executions.' },
    VIEWER: { description: 'Reads the organization, its members, workflows, executions and integrations (without secrets).' },
  },
});

export const OrganizationRef = builder.prismaNode('Organization', {
  description:
    'A tenant: everything else belongs to exactly one organization. Its own fields are readable by any member (or API key) who reaches it; the lists under it need the role or scope each names, and answer only for the active organization.',
  id: { field: 'id' },
  nullable: true,
  // Relay node lookups stay inside the active organization, like every other query.
  findUnique: (id, ctx) => ({ id, AND: [{ id: ctx.organization?.id ?? NO_TENANT }] }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, 1 to 100 characters. ADMINs change it with updateOrganization.' }),
    slug: t.exposeString('slug', {
      description: 'Unique short name (1-40 lowercase letters, digits or dashes); works wherever an organization id does, e.g. in x-organization-id.',
    }),
    plan: t.expose('plan', { type: PlanEnum, description: 'The subscription plan; only an OWNER changes it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the organization was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its name or plan last changed.' }),
    viewerRole: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'Your role in this organization; null for an API key, which has scopes instead.',
      resolve: (organization, _args, ctx) => ctx.loaders.viewerRole.load(organization.id),
    }),
  }),
});

builder.queryField('organization', (t) =>
  t.prismaField({
    type: 'Organization',
    nullable: true,
    description:
      'The active organization: the one named by the x-organization-id header (id or slug), or the API key’s own. Any member (VIEWER and up) or any API key of it. Null with a FORBIDDEN error beside the data when none is selected or you are not a member; the rest of the response (e.g. `viewer`) still answers.',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.organization.findUniqueOrThrow({ ...query, where: { id: ctx.organization?.id ?? NO_TENANT } }),
  }),
);
