import { builder } from '../../graphql/builder.js';
import { connectionOptions, describedPage } from '../connection.js';
import { parseGlobalId } from '../ids.js';
import { enumFilter, idFilter, rangeFilter } from '../lists/list-filters.js';
import { indexedList, listArgs, listExtensions, listQuery } from '../lists/indexed-list.js';
import { ExecutionStatusEnum, ExecutionTriggerEnum } from './execution.types.js';

/** What both execution lists sort and filter by: each served by an index led by the tenant (and workflow). */
const executionKeys = {
  CREATED_AT: { column: 'createdAt', description: 'When it was queued' },
  FINISHED_AT: { column: 'finishedAt', description: 'When it finished (runs not finished yet sort as latest: first when descending)' },
  STATUS: { column: 'status', description: 'Its status, in the order QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED; only before CREATED_AT' },
};
const newestFirst = { keys: ['CREATED_AT'], directions: ['desc' as const] };
const latestFinishedFirst = { keys: ['FINISHED_AT'], directions: ['desc' as const] };
const byStatus = { keys: ['STATUS', 'CREATED_AT'], directions: ['asc' as const, 'desc' as const] };
const status = enumFilter(ExecutionStatusEnum, 'ExecutionStatus', 'status', 'Only runs in these statuses.');
const createdAt = rangeFilter('createdAt', 'Only runs queued within these bounds.');
const finishedAt = rangeFilter('finishedAt', 'Only runs that finished within these bounds (unfinished runs never match).');

export const executionList = indexedList({
  typeName: 'Execution',
  items: 'executions',
  table: 'workflow_executions',
  narrowedBy: ['organizationId'],
  keys: executionKeys,
  orderings: [newestFirst, latestFinishedFirst, byStatus],
  defaultOrder: ['CREATED_AT_DESC'],
  filters: {
    status,
    trigger: enumFilter(ExecutionTriggerEnum, 'ExecutionTrigger', 'trigger', 'Only runs started this way.'),
    workflowId: idFilter('Workflow', 'workflowId', 'Only runs of these workflows (global ids).'),
    createdAt,
    finishedAt,
  },
});

/** One workflow's runs: the same orderings (and `ExecutionOrder`); the filters its indexes serve. */
export const workflowExecutionList = indexedList({
  typeName: 'WorkflowExecution',
  orderTypeName: 'Execution',
  items: 'runs of this workflow',
  table: 'workflow_executions',
  narrowedBy: ['organizationId', 'workflowId'],
  keys: executionKeys,
  orderings: [newestFirst, latestFinishedFirst, byStatus],
  defaultOrder: ['CREATED_AT_DESC'],
  filters: { status, createdAt, finishedAt },
});

builder.prismaObjectField('Organization', 'executions', (t) =>
  t.relatedConnection(
    'executions',
    {
      ...connectionOptions,
      description:
        'Every run of the organization’s workflows, newest first unless `orderBy` says otherwise. Any member (VIEWER and up) or an API key with executions:read; active organization only.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(executionList),
      args: {
        ...listArgs(t, executionList),
        status: t.arg({ type: ExecutionStatusEnum, required: false, description: 'Only runs in this status.', deprecationReason: 'Use `filter: { status: { eq: … } }`.' }),
        workflowId: t.arg.id({ required: false, description: 'Only runs of this workflow (its global id).', deprecationReason: 'Use `filter: { workflowId: { eq: … } }`.' }),
      },
      query: (args) =>
        listQuery(executionList, args, [
          args.status ? { status: args.status } : {},
          args.workflowId ? { workflowId: parseGlobalId(args.workflowId, 'Workflow', 'workflowId') } : {},
        ]),
    },
    ...describedPage(executionList),
  ),
);

builder.prismaObjectField('Workflow', 'executions', (t) =>
  t.relatedConnection(
    'executions',
    {
      ...connectionOptions,
      description: 'This workflow’s runs, newest first unless `orderBy` says otherwise. VIEWER and up; an API key needs both workflows:read and executions:read.',
      cursor: 'id',
      totalCount: true,
      extensions: listExtensions(workflowExecutionList),
      args: {
        ...listArgs(t, workflowExecutionList),
        status: t.arg({ type: ExecutionStatusEnum, required: false, description: 'Only runs in this status.', deprecationReason: 'Use `filter: { status: { eq: … } }`.' }),
      },
      query: (args) => listQuery(workflowExecutionList, args, [args.status ? { status: args.status } : {}]),
    },
    ...describedPage(workflowExecutionList),
  ),
);
