import { builder } from '../../graphql/builder.js';
import { Role } from '../../generated/prisma/enums.js';
import { NO_TENANT } from '../ids.js';
import { RoleEnum } from '../organization/organization.types.js';

export const MemberRef = builder.prismaNode('OrganizationMember', {
  name: 'Member',
  description: 'A person’s membership of the active organization. Readable by any member (VIEWER and up) or an API key with members:read; ADMINs manage them.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum, description: 'Their role here. ADMINs change it with updateMemberRole (only an OWNER touches OWNER).' }),
    user: t.relation('user', { description: 'The person.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When they joined.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When their role last changed.' }),
  }),
});

export { Role };
