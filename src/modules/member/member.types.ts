import { builder } from '../../graphql/builder.js';
import { Role } from '../../generated/prisma/enums.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT } from '../ids.js';
import { RoleEnum } from '../organization/organization.types.js';

export const MemberRef = builder.prismaNode('OrganizationMember', {
  name: 'Member',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: ctx.organization?.id ?? NO_TENANT }),
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum }),
    user: t.relation('user'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Organization', 'members', (t) =>
  t.relatedConnection('members', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: { role: t.arg({ type: RoleEnum, required: false }) },
    query: (args) => ({ where: { role: args.role ?? undefined }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
);

export { Role };
