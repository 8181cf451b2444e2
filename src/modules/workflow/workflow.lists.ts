import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { enumFilter, rangeFilter, searchFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';
import { WorkflowStatusEnum } from './workflow.types.js';

/** `Organization.workflows`: what it sorts and filters by, each served by an index led by the tenant. */
export const workflowList = indexedList({
  typeName: 'Workflow',
  items: 'workflows',
  table: 'workflows',
  narrowedBy: ['organizationId'],
  keys: {
    UPDATED_AT: { column: 'updatedAt', description: 'When it last changed' },
    CREATED_AT: { column: 'createdAt', description: 'When it was created' },
    NAME: { column: 'name', description: 'Its name (unique in the organization)' },
    STATUS: { column: 'status', description: 'Its status, in the order DRAFT, ACTIVE, ARCHIVED; only before UPDATED_AT' },
  },
  orderings: [
    { keys: ['UPDATED_AT'], directions: ['desc'] },
    { keys: ['CREATED_AT'], directions: ['desc'] },
    { keys: ['NAME'], directions: ['asc'], unique: true },
    { keys: ['STATUS', 'UPDATED_AT'], directions: ['asc', 'desc'] },
  ],
  defaultOrder: ['UPDATED_AT_DESC'],
  filters: {
    status: enumFilter(WorkflowStatusEnum, 'WorkflowStatus', 'status', 'Only workflows in these statuses.'),
    search: searchFilter('name', 'Only workflows whose name contains this text, case-insensitively.'),
    createdAt: rangeFilter('createdAt', 'Only workflows created within these bounds.'),
    updatedAt: rangeFilter('updatedAt', 'Only workflows last changed within these bounds.'),
  },
});

/** `Workflow.versions`: newest first; the version number is unique within its workflow. */
export const versionList = indexedList({
  typeName: 'WorkflowVersion',
  items: 'versions of this workflow',
  table: 'workflow_versions',
  narrowedBy: ['organizationId', 'workflowId'],
  keys: { VERSION: { column: 'version', description: 'Its version number' } },
  orderings: [{ keys: ['VERSION'], directions: ['desc'], unique: true }],
  defaultOrder: ['VERSION_DESC'],
  filters: { createdAt: rangeFilter('createdAt', 'Only versions written within these bounds.') },
});

builder.prismaObjectField('Organization', 'workflows', (t) =>
  t.relatedConnection(
    'workflows',
    {
      ...connectionOptions,
      description:
        'The organization’s workflows, most recently updated first unless `orderBy` says otherwise. Any member (VIEWER and up) or an API key with workflows:read; active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(workflowList),
      args: {
        ...listArgs(t, workflowList),
        status: t.arg({ type: WorkflowStatusEnum, required: false, description: 'Only workflows in this status.', deprecationReason: 'Use `filter: { status: { eq: … } }`.' }),
        search: t.arg.string({ required: false, description: 'Only workflows whose name contains this text, case-insensitively.', deprecationReason: 'Use `filter: { search: … }`.' }),
      },
      query: (args) =>
        listQuery(workflowList, args, [
          args.status ? { status: args.status } : {},
          args.search ? { name: { contains: args.search, mode: 'insensitive' } } : {},
        ]),
    },
    ...describedPage(workflowList),
  ),
);

builder.prismaObjectField('Workflow', 'versions', (t) =>
  t.relatedConnection(
    'versions',
    {
      ...connectionOptions,
      description: 'Every definition this workflow has had, newest first.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(versionList),
      args: listArgs(t, versionList),
      query: (args) => listQuery(versionList, args),
    },
    ...describedPage(versionList),
  ),
);
