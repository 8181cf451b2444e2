import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { entityPayload } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { createWorkflow } from './services/create-workflow.js';
import { setWorkflowStatus } from './services/set-workflow-status.js';
import { updateWorkflow } from './services/update-workflow.js';
import { workflowDefinition, workflowDescription, workflowName } from './workflow.input.js';
import { WorkflowRef, WorkflowStatusEnum } from './workflow.types.js';

const CreateWorkflowInput = builder.inputType('CreateWorkflowInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string({ required: false }),
    definition: t.field({ type: 'JSON', description: 'A JSON object; becomes version 1.' }),
  }),
});

const UpdateWorkflowInput = builder.inputType('UpdateWorkflowInput', {
  fields: (t) => ({
    workflowId: t.id(),
    name: t.string({ required: false }),
    description: t.string({ required: false }),
    definition: t.field({ type: 'JSON', required: false, description: 'A changed definition becomes a new version.' }),
  }),
});

const SetWorkflowStatusInput = builder.inputType('SetWorkflowStatusInput', {
  fields: (t) => ({ workflowId: t.id(), status: t.field({ type: WorkflowStatusEnum }) }),
});

const definitionOf = (value: Record<string, unknown>) => value as Prisma.InputJsonObject;

builder.mutationField('createWorkflow', (t) =>
  t.field({
    type: entityPayload('CreateWorkflowPayload', 'workflow', WorkflowRef),
    args: { input: t.arg({ type: CreateWorkflowInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(
        z.object({ name: workflowName, description: workflowDescription.default(''), definition: workflowDefinition }),
        { ...input, description: input.description ?? undefined },
      );
      return { workflow: await createWorkflow(serviceScope(ctx), { ...valid, definition: definitionOf(valid.definition) }) };
    },
  }),
);

builder.mutationField('updateWorkflow', (t) =>
  t.field({
    type: entityPayload('UpdateWorkflowPayload', 'workflow', WorkflowRef),
    args: { input: t.arg({ type: UpdateWorkflowInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(
        z.object({ name: workflowName.optional(), description: workflowDescription.optional(), definition: workflowDefinition.optional() }),
        { name: input.name ?? undefined, description: input.description ?? undefined, definition: input.definition ?? undefined },
      );
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      const definition = valid.definition && definitionOf(valid.definition);
      return { workflow: await updateWorkflow(serviceScope(ctx), { ...valid, definition, workflowId }) };
    },
  }),
);

builder.mutationField('setWorkflowStatus', (t) =>
  t.field({
    type: entityPayload('SetWorkflowStatusPayload', 'workflow', WorkflowRef),
    args: { input: t.arg({ type: SetWorkflowStatusInput }) },
    resolve: async (_root, { input }, ctx) => {
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      return { workflow: await setWorkflowStatus(serviceScope(ctx), workflowId, input.status) };
    },
  }),
);
