import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { entityPayload } from '../payload.js';
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

const RunWorkflowInput = builder.inputType('RunWorkflowInput', {
  fields: (t) => ({
    workflowId: t.id(),
    input: t.field({ type: 'JSON', required: false, description: 'A JSON object; {} when omitted.' }),
    idempotencyKey: t.string({ required: false, description: 'Retries with the same key return the same execution.' }),
  }),
});

const CancelExecutionInput = builder.inputType('CancelExecutionInput', { fields: (t) => ({ executionId: t.id() }) });

const ReportExecutionInput = builder.inputType('ReportExecutionInput', {
  fields: (t) => ({
    executionId: t.id(),
    status: t.field({ type: ExecutionStatusEnum }),
    output: t.field({ type: 'JSON', required: false }),
    error: t.string({ required: false }),
  }),
});

builder.mutationField('runWorkflow', (t) =>
  t.field({
    type: entityPayload('RunWorkflowPayload', 'execution', ExecutionRef),
    args: { input: t.arg({ type: RunWorkflowInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(runInput, { input: input.input ?? {}, idempotencyKey: input.idempotencyKey ?? undefined });
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      const execution = await runWorkflow(serviceScope(ctx), {
        workflowId,
        input: valid.input as Prisma.InputJsonObject,
        idempotencyKey: valid.idempotencyKey,
      });
      return { execution };
    },
  }),
);

builder.mutationField('cancelExecution', (t) =>
  t.field({
    type: entityPayload('CancelExecutionPayload', 'execution', ExecutionRef),
    args: { input: t.arg({ type: CancelExecutionInput }) },
    resolve: async (_root, { input }, ctx) => ({
      execution: await cancelExecution(serviceScope(ctx), parseGlobalId(input.executionId, 'Execution', 'executionId')),
    }),
  }),
);

builder.mutationField('reportExecution', (t) =>
  t.field({
    type: entityPayload('ReportExecutionPayload', 'execution', ExecutionRef),
    description: 'For workers (scope executions:report): moves an execution along QUEUED→RUNNING→SUCCEEDED|FAILED.',
    args: { input: t.arg({ type: ReportExecutionInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(z.object({ output: jsonPayload.optional(), error: z.string().max(10_000).optional() }), {
        output: input.output ?? undefined,
        error: input.error ?? undefined,
      });
      const execution = await reportExecution(serviceScope(ctx), {
        executionId: parseGlobalId(input.executionId, 'Execution', 'executionId'),
        status: input.status,
        output: valid.output as Prisma.InputJsonValue | undefined,
        error: valid.error,
      });
      return { execution };
    },
  }),
);
