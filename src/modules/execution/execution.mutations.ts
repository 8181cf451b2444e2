import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { entityPayload, inputArgument, payloadQuery } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { jsonWithin, validate } from '../validation.js';
import { ExecutionRef, ExecutionStatusEnum } from './execution.types.js';
import { cancelExecution } from './services/cancel-execution.js';
import { reportExecution } from './services/report-execution.js';
import { runWorkflow } from './services/run-workflow.js';

/** How large an execution's input or output may be once serialized. */
const MAX_PAYLOAD_BYTES = 64 * 1024;

const jsonPayload = z.unknown().refine(jsonWithin(MAX_PAYLOAD_BYTES), `must be at most ${MAX_PAYLOAD_BYTES} bytes`);
const runInput = z.object({
  input: z.record(z.string(), z.unknown(), 'must be a JSON object').refine(jsonWithin(MAX_PAYLOAD_BYTES), `must be at most ${MAX_PAYLOAD_BYTES} bytes`),
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 printable ASCII characters without spaces')
    .optional(),
});

const executionId = { description: 'The global id of an Execution of the active organization.' };

const RunWorkflowInput = builder.inputType('RunWorkflowInput', {
  description: 'Which workflow to run, with what.',
  fields: (t) => ({
    workflowId: t.id({ description: 'The global id of an ACTIVE Workflow of the active organization.' }),
    input: t.field({ type: 'JSON', required: false, description: 'A JSON object of at most 64 kB once serialized; {} when omitted.' }),
    idempotencyKey: t.string({
      required: false,
      description:
        '1-200 printable ASCII characters, no spaces. Retries with the same key (within the organization) return the same execution, even when concurrent.',
    }),
  }),
});

const CancelExecutionInput = builder.inputType('CancelExecutionInput', {
  description: 'The execution to cancel.',
  fields: (t) => ({ executionId: t.id(executionId) }),
});

const ReportExecutionInput = builder.inputType('ReportExecutionInput', {
  description: 'A worker’s progress report.',
  fields: (t) => ({
    executionId: t.id(executionId),
    status: t.field({
      type: ExecutionStatusEnum,
      description: 'The new status: QUEUED→RUNNING→SUCCEEDED|FAILED, or CANCELLED from QUEUED or RUNNING; anything else is CONFLICT.',
    }),
    output: t.field({ type: 'JSON', required: false, description: 'The result, any JSON of at most 64 kB once serialized.' }),
    error: t.string({ required: false, description: 'Why it failed, at most 10000 characters.' }),
  }),
});

builder.mutationField('runWorkflow', (t) =>
  t.field({
    type: entityPayload('RunWorkflowPayload', 'execution', ExecutionRef),
    description: 'Queues a run of an ACTIVE workflow’s current version (another status is CONFLICT). EDITOR and up, or an API key with executions:write.',
    args: { input: t.arg({ type: RunWorkflowInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(runInput, { input: input.input ?? {}, idempotencyKey: input.idempotencyKey ?? undefined });
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      const execution = await runWorkflow(
        serviceScope(ctx),
        { workflowId, input: valid.input as Prisma.InputJsonObject, idempotencyKey: valid.idempotencyKey },
        payloadQuery(ctx, info, 'execution'),
      );
      return { execution };
    },
  }),
);

builder.mutationField('cancelExecution', (t) =>
  t.field({
    type: entityPayload('CancelExecutionPayload', 'execution', ExecutionRef),
    description: 'Cancels a QUEUED or RUNNING execution (a finished one is CONFLICT). EDITOR and up, or an API key with executions:write.',
    args: { input: t.arg({ type: CancelExecutionInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => ({
      execution: await cancelExecution(serviceScope(ctx), parseGlobalId(input.executionId, 'Execution', 'executionId'), payloadQuery(ctx, info, 'execution')),
    }),
  }),
);

builder.mutationField('reportExecution', (t) =>
  t.field({
    type: entityPayload('ReportExecutionPayload', 'execution', ExecutionRef),
    description:
      'For workers: moves an execution along QUEUED→RUNNING→SUCCEEDED|FAILED (or CANCELLED). API keys with scope executions:report only; people cannot report.',
    args: { input: t.arg({ type: ReportExecutionInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(z.object({ output: jsonPayload.optional(), error: z.string().max(10_000).optional() }), {
        output: input.output ?? undefined,
        error: input.error ?? undefined,
      });
      const execution = await reportExecution(
        serviceScope(ctx),
        {
          executionId: parseGlobalId(input.executionId, 'Execution', 'executionId'),
          status: input.status,
          output: valid.output as Prisma.InputJsonValue | undefined,
          error: valid.error,
        },
        payloadQuery(ctx, info, 'execution'),
      );
      return { execution };
    },
  }),
);
