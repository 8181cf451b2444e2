import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { idFilter, rangeFilter, stringFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';

/** `Organization.auditLog`: newest first; one person's, one key's or one resource's entries each have an index. */
export const auditLogList = indexedList({
  typeName: 'AuditLogEntry',
  items: 'audit log entries',
  table: 'audit_log_entries',
  narrowedBy: ['organizationId'],
  keys: { CREATED_AT: { column: 'createdAt', description: 'When the change was committed' } },
  orderings: [{ keys: ['CREATED_AT'], directions: ['desc'] }],
  defaultOrder: ['CREATED_AT_DESC'],
  filters: {
    actorUserId: idFilter('User', 'actorUserId', 'Only changes made by these people (global ids of users).'),
    actorApiKeyId: idFilter('ApiKey', 'actorApiKeyId', 'Only changes made with these API keys (global ids).'),
    resourceType: stringFilter('resourceType', 'Only changes to these kinds of thing (workflow, execution, member, …).'),
    resourceId: stringFilter('resourceId', 'Only changes to the things with these database ids (as `resourceId` shows them).'),
    createdAt: rangeFilter('createdAt', 'Only changes committed within these bounds.'),
  },
});

builder.prismaObjectField('Organization', 'auditLog', (t) =>
  t.relatedConnection(
    'auditLog',
    {
      ...connectionOptions,
      description: 'Every change made in the organization, newest first. ADMIN and OWNER, or an API key with audit:read; active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(auditLogList),
      args: listArgs(t, auditLogList),
      query: (args) => listQuery(auditLogList, args),
    },
    ...describedPage(auditLogList),
  ),
);
