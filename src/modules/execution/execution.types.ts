import { builder } from '../../graphql/builder.js';
import { ExecutionStatus, ExecutionTrigger } from '../../generated/prisma/enums.js';
import type { ApiKey, User } from '../../generated/prisma/client.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT, parseGlobalId } from '../ids.js';
import { ApiKeyRef } from '../api-key/api-key.types.js';
import { UserRef } from '../viewer/viewer.types.js';
import { executionEventStream, type StreamItem } from '../../events/event-stream.js';
import type { Context } from '../../graphql/context.js';
import { PERMISSION_PROBE, shieldedSubscribe } from '../../graphql/shielded-subscribe.js';

export const ExecutionStatusEnum = builder.enumType(ExecutionStatus, { name: 'ExecutionStatus' });
export const ExecutionTriggerEnum = builder.enumType(ExecutionTrigger, { name: 'ExecutionTrigger' });

const tenantOf = (ctx: { organization: { id: string } | null }) => ctx.organization?.id ?? NO_TENANT;

/** Who started an execution: a person or an API key (a partner or worker). */
const TriggeredBy = builder.unionType('ExecutionActor', {
  types: [UserRef, ApiKeyRef],
  resolveType: (actor) => ('email' in (actor as User) ? 'User' : 'ApiKey'),
});

export const ExecutionRef = builder.prismaNode('WorkflowExecution', {
  name: 'Execution',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    status: t.expose('status', { type: ExecutionStatusEnum }),
    trigger: t.expose('trigger', { type: ExecutionTriggerEnum }),
    input: t.expose('input', { type: 'JSON' }),
    output: t.expose('output', { type: 'JSON', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    workflow: t.relation('workflow'),
    version: t.relation('version'),
    triggeredBy: t.field({
      type: TriggeredBy,
      nullable: true,
      select: { triggeredByUser: true, triggeredByApiKey: true },
      resolve: (execution): User | ApiKey | null => execution.triggeredByUser ?? execution.triggeredByApiKey,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.int({
      nullable: true,
      description: 'From start to finish; null until both are known.',
      select: { startedAt: true, finishedAt: true },
      resolve: (execution) =>
        execution.startedAt && execution.finishedAt ? execution.finishedAt.getTime() - execution.startedAt.getTime() : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

builder.prismaObjectField('Organization', 'executions', (t) =>
  t.relatedConnection('executions', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: {
      status: t.arg({ type: ExecutionStatusEnum, required: false }),
      workflowId: t.arg.id({ required: false }),
    },
    query: (args) => ({
      where: {
        status: args.status ?? undefined,
        workflowId: args.workflowId ? parseGlobalId(args.workflowId, 'Workflow', 'workflowId') : undefined,
      },
      orderBy: newestFirst,
    }),
  }),
);

builder.prismaObjectFields('Workflow', (t) => ({
  executions: t.relatedConnection('executions', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: { status: t.arg({ type: ExecutionStatusEnum, required: false }) },
    query: (args) => ({ where: { status: args.status ?? undefined }, orderBy: newestFirst }),
  }),
  lastExecution: t.field({
    type: ExecutionRef,
    nullable: true,
    resolve: (workflow, _args, ctx) => ctx.loaders.workflow.lastExecution.load(workflow.id),
  }),
}));

builder.queryField('execution', (t) =>
  t.prismaField({
    type: 'WorkflowExecution',
    nullable: true,
    args: { id: t.arg.id() },
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
      '(VIEWER, or an API key with executions:read). Each event is read under your own tenant session. An error ' +
      'with code SERVICE_UNAVAILABLE says events may have been missed (extensions.eventStream: interrupted, resumed); ' +
      'the subscription goes on. One with UNAUTHENTICATED or FORBIDDEN ends it (token expired, membership ended).',
    args: {
      workflowId: t.arg.id({ required: false, description: 'Only executions of this workflow.' }),
      executionId: t.arg.id({ required: false, description: 'Only this execution.' }),
    },
    subscribe: shieldedSubscribe((_root, args: { workflowId?: string | null; executionId?: string | null }, ctx: Context) =>
      executionEventStream(ctx.events, tenantOf(ctx), matchesArguments(args), ctx.sessionEnd),
    ),
    resolve: (query, item, _args, ctx) => {
      if ((item as unknown) === PERMISSION_PROBE) {
        void { ...query }; // the probe loads nothing; spreading tells Pothos' unused-query check so
        return null as never;
      }
      const event = item as unknown as StreamItem;
      if (event.kind === 'notice') throw event.error;
      const read = () => ctx.db.prisma.workflowExecution.findUniqueOrThrow({ ...query, where: { id: event.executionId, organizationId: tenantOf(ctx) } });
      return ctx.eventReads ? ctx.eventReads(read) : read();
    },
  }),
);
