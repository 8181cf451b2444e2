import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { presenceFilter, rangeFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';

/** `Organization.apiKeys`: newest first, served by an index led by the tenant. */
export const apiKeyList = indexedList({
  typeName: 'ApiKey',
  items: 'API keys',
  table: 'api_keys',
  narrowedBy: ['organizationId'],
  keys: { CREATED_AT: { column: 'createdAt', description: 'When it was created' } },
  orderings: [{ keys: ['CREATED_AT'], directions: ['desc'] }],
  defaultOrder: ['CREATED_AT_DESC'],
  filters: {
    revoked: presenceFilter('revokedAt', 'true: only revoked keys; false: only keys not revoked. Absent: as `includeRevoked` says (by default, only keys not revoked).'),
    createdAt: rangeFilter('createdAt', 'Only keys created within these bounds.'),
  },
});

builder.prismaObjectField('Organization', 'apiKeys', (t) =>
  t.relatedConnection(
    'apiKeys',
    {
      ...connectionOptions,
      description: 'The organization’s API keys, newest first. ADMIN and OWNER only (no API key may list keys); active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(apiKeyList),
      args: {
        ...listArgs(t, apiKeyList),
        includeRevoked: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: 'Also list revoked keys (default false); ignored when `filter.revoked` is given.',
          deprecationReason: 'Use `filter: { revoked: … }`.',
        }),
      },
      query: (args) => listQuery(apiKeyList, args, args.filter?.revoked != null || args.includeRevoked ? [] : [{ revokedAt: null }]),
    },
    ...describedPage(apiKeyList),
  ),
);
