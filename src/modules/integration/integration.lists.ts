import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { rangeFilter, stringFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';

/** `Organization.integrations` (deleted ones never listed): each ordering and filter served by an index led by the tenant. */
export const integrationList = indexedList({
  typeName: 'Integration',
  items: 'integrations',
  table: 'integrations',
  narrowedBy: ['organizationId'],
  keys: {
    CREATED_AT: { column: 'createdAt', description: 'When it was created' },
    NAME: { column: 'name', description: 'Its display name' },
  },
  orderings: [
    { keys: ['CREATED_AT'], directions: ['desc'] },
    { keys: ['NAME'], directions: ['asc'] },
  ],
  defaultOrder: ['CREATED_AT_DESC'],
  filters: {
    provider: stringFilter('provider', 'Only integrations with these providers (exact, e.g. slack).'),
    createdAt: rangeFilter('createdAt', 'Only integrations created within these bounds.'),
  },
});

builder.prismaObjectField('Organization', 'integrations', (t) =>
  t.relatedConnection(
    'integrations',
    {
      ...connectionOptions,
      description:
        'The organization’s integrations (deleted ones excluded), newest first unless `orderBy` says otherwise. Any member (VIEWER and up) or an API key with integrations:read; active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(integrationList),
      args: {
        ...listArgs(t, integrationList),
        provider: t.arg.string({ required: false, description: 'Only integrations with exactly this provider.', deprecationReason: 'Use `filter: { provider: { eq: … } }`.' }),
      },
      query: (args) => listQuery(integrationList, args, [{ isActive: true }, args.provider ? { provider: args.provider } : {}]),
    },
    ...describedPage(integrationList),
  ),
);
