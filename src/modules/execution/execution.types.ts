import { builder } from '../../graphql/builder.js';
import { ExecutionStatus, ExecutionTrigger } from '../../generated/prisma/enums.js';
import { NO_TENANT, parseGlobalId } from '../ids.js';
import { ApiKeyRef } from '../api-key/api-key.types.js';
import { UserRef } from '../viewer/viewer.types.js';
import { executionEventStream, type StreamItem } from '../../events/event-stream.js';
import type { Context } from '../../graphql/context.js';
import { PERMISSION_PROBE, shieldedSubscribe } from '../../graphql/shielded-subscribe.js';
import { prefetchExecutionForEvent, readExecutionForEvent } from './execution.event-reads.js';

export const ExecutionStatusEnum = builder.enumType(ExecutionStatus, {
  name: 'ExecutionStatus',
  description: 'Where a run is. Workers (scope executions:report) move it QUEUED→RUNNING→SUCCEEDED|FAILED; EDITORs (or executions:write) cancel it.',
  values: {
    QUEUED: { description: 'Created, waiting for a worker.' },
    RUNNING: { description: 'A worker has started it.' },
    SUCCEEDED: { description: 'Finished; `output` holds the result. Final.' },
    FAILED: { description: 'Finished with an error; `error` says why. Final.' },
    CANCELLED: { description: 'Stopped before it finished (from QUEUED or RUNNING). Final.' },
  },
});
export const ExecutionTriggerEnum = builder.enumType(ExecutionTrigger, {
  name: 'ExecutionTrigger',
  description: 'What started a run.',
  values: {
    MANUAL: { description: 'A person, with runWorkflow.' },
    API: { description: 'An API key, with runWorkflow.' },
    SCHEDULE: { description: 'A schedule.' },
    WEBHOOK: { description: 'An incoming webhook.' },
  },
});

const tenantOf = (ctx: { organization: { id: string } | null }) => ctx.organization?.id ?? NO_TENANT;

/**
 * Who started an execution: a person or an API key (a partner or worker). The resolver brands each
 * row with its type (`addBrand`): with columns read as selected, no column tells a User from an ApiKey.
 */
const TriggeredBy = builder.unionType('ExecutionActor', {
  description: 'Who started an execution: a User (a person) or an ApiKey (a partner or worker; only its id and name are readable by members).',
  types: [UserRef, ApiKeyRef],
});

export const ExecutionRef = builder.prismaNode('WorkflowExecution', {
  name: 'Execution',
  description:
    'One run of a workflow version. Readable by any member (VIEWER and up) or an API key with executions:read; EDITORs (or executions:write) start and cancel runs; workers (executions:report) report progress.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: a read loads the columns its fields ask for, so `input` and `output` only when asked.
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    status: t.expose('status', { type: ExecutionStatusEnum, description: 'Where the run is now.' }),
    trigger: t.expose('trigger', { type: ExecutionTriggerEnum, description: 'What started it.' }),
    input: t.expose('input', { type: 'JSON', description: 'The JSON object it was started with (at most 64 kB; {} when none was given).' }),
    output: t.expose('output', { type: 'JSON', nullable: true, description: 'What the worker reported on success (at most 64 kB); null until then.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, as the worker reported it (at most 10000 characters); null unless FAILED.' }),
    workflow: t.relation('workflow', { description: 'The workflow that ran.' }),
    version: t.relation('version', { description: 'The exact version (definition) that ran.' }),
    triggeredBy: t.field({
      type: TriggeredBy,
      nullable: true,
      description: 'The person or API key that started it; null for schedules and webhooks, or when that account or key was deleted.',
      // Each side of the union reads what the document's fragment on that type selects.
      select: (_args, _ctx, nestedSelection) => ({
        triggeredByUser: nestedSelection(true, [], 'User'),
        triggeredByApiKey: nestedSelection(true, [], 'ApiKey'),
      }),
      resolve: ({ triggeredByUser: user, triggeredByApiKey: apiKey }) =>
        user ? UserRef.addBrand(user) : apiKey ? ApiKeyRef.addBrand(apiKey) : null,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When a worker reported RUNNING; null before.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When it reached SUCCEEDED, FAILED or CANCELLED; null before.' }),
    durationMs: t.int({
      nullable: true,
      description: 'Milliseconds from startedAt to finishedAt; null until both are known.',
      select: { startedAt: true, finishedAt: true },
      resolve: (execution) =>
        execution.startedAt && execution.finishedAt ? execution.finishedAt.getTime() - execution.startedAt.getTime() : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was queued.' }),
  }),
});

const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

builder.prismaObjectFields('Workflow', (t) => ({
  lastExecution: t.field({
    type: ExecutionRef,
    nullable: true,
    description: 'Its most recent run; null if it never ran. VIEWER and up; an API key needs workflows:read and executions:read.',
    // "Latest of" as a selection: one LATERAL subquery in the workflow page's own statement.
    select: (_args, _ctx, nestedSelection) => ({ executions: nestedSelection({ take: 1, orderBy: newestFirst }) }),
    resolve: (workflow) => workflow.executions[0] ?? null,
  }),
}));

builder.queryField('execution', (t) =>
  t.prismaField({
    type: 'WorkflowExecution',
    nullable: true,
    description: 'One execution of the active organization by global id; null when it does not exist or is another organization’s. VIEWER and up, or executions:read.',
    args: { id: t.arg.id({ description: 'The execution’s global id.' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.workflowExecution.findUnique({
        ...query,
        where: { id: parseGlobalId(args.id, 'Execution', 'id'), organizationId: tenantOf(ctx) },
      }),
  }),
);

/** The optional narrowing of `executionUpdated`, as database ids. */
function matchesArguments(args: { workflowId?: string | null; executionId?: string | null }) {
  const workflowId = args.workflowId ? parseGlobalId(args.workflowId, 'Workflow', 'workflowId') : undefined;
  const executionId = args.executionId ? parseGlobalId(args.executionId, 'Execution', 'executionId') : undefined;
  return (event: { workflowId: string; executionId: string }) =>
    (!workflowId || event.workflowId === workflowId) && (!executionId || event.executionId === executionId);
}

builder.subscriptionField('executionUpdated', (t) =>
  t.prismaField({
    type: 'WorkflowExecution',
    description:
      'Every creation and status change of an execution of the active organization, narrowed by the arguments ' +
      '(VIEWER, or an API key with executions:read). Each event is read under your organization’s tenant session, once for all its subscribers with your permissions. An error ' +
      'with code SERVICE_UNAVAILABLE says events may have been missed (extensions.eventStream: interrupted, resumed); ' +
      'the subscription goes on. One with UNAUTHENTICATED or FORBIDDEN ends it (token or API key expired, API key revoked, membership ended).',
    args: {
      workflowId: t.arg.id({ required: false, description: 'Only executions of this workflow.' }),
      executionId: t.arg.id({ required: false, description: 'Only this execution.' }),
    },
    subscribe: shieldedSubscribe((_root, args: { workflowId?: string | null; executionId?: string | null }, ctx: Context) =>
      executionEventStream(ctx.events, tenantOf(ctx), matchesArguments(args), ctx.sessionEnd, (event) => prefetchExecutionForEvent(ctx, event)),
    ),
    resolve: (query, item, _args, ctx) => {
      if ((item as unknown) === PERMISSION_PROBE) {
        void { ...query }; // the probe loads nothing; spreading tells Pothos' unused-query check so
        return null as never;
      }
      const event = item as unknown as StreamItem;
      if (event.kind === 'notice') throw event.error;
      return readExecutionForEvent(ctx, event, { ...query });
    },
  }),
);
