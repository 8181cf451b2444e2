import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { enumFilter, rangeFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';
import { RoleEnum } from '../organization/organization.types.js';

/** `Organization.members`: oldest first, or by role; each served by an index led by the tenant. */
export const memberList = indexedList({
  typeName: 'Member',
  items: 'members',
  table: 'organization_members',
  narrowedBy: ['organizationId'],
  keys: {
    CREATED_AT: { column: 'createdAt', description: 'When they joined' },
    ROLE: { column: 'role', description: 'Their role, in the order OWNER, ADMIN, EDITOR, VIEWER; only before CREATED_AT' },
  },
  orderings: [
    { keys: ['CREATED_AT'], directions: ['asc'] },
    { keys: ['ROLE', 'CREATED_AT'], directions: ['asc', 'asc'] },
  ],
  defaultOrder: ['CREATED_AT_ASC'],
  filters: {
    role: enumFilter(RoleEnum, 'Role', 'role', 'Only members with these roles.'),
    createdAt: rangeFilter('createdAt', 'Only members who joined within these bounds.'),
  },
});

builder.prismaObjectField('Organization', 'members', (t) =>
  t.relatedConnection(
    'members',
    {
      ...connectionOptions,
      description:
        'The people in this organization, oldest member first unless `orderBy` says otherwise. Any member (VIEWER and up) or an API key with members:read; active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(memberList),
      args: {
        ...listArgs(t, memberList),
        role: t.arg({ type: RoleEnum, required: false, description: 'Only members with exactly this role.', deprecationReason: 'Use `filter: { role: { eq: … } }`.' }),
      },
      query: (args) => listQuery(memberList, args, [args.role ? { role: args.role } : {}]),
    },
    ...describedPage(memberList),
  ),
);
