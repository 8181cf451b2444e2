import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { entityPayload, inputArgument, payloadQuery } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { createWorkflow } from './services/create-workflow.js';
import { setWorkflowStatus } from './services/set-workflow-status.js';
import { updateWorkflow } from './services/update-workflow.js';
import { workflowDefinition, workflowDescription, workflowName } from './workflow.input.js';
import { WorkflowRef, WorkflowStatusEnum } from './workflow.types.js';

const workflowId = { description: 'The global id of a Workflow of the active organization.' };

const CreateWorkflowInput = builder.inputType('CreateWorkflowInput', {
  description: 'A new workflow; it starts as DRAFT.',
  fields: (t) => ({
    name: t.string({ description: 'Display name, 1 to 100 characters (trimmed).' }),
    description: t.string({ required: false, description: 'Free text, at most 2000 characters; empty when omitted.' }),
    definition: t.field({ type: 'JSON', description: 'A JSON object of at most 64 kB once serialized; becomes version 1.' }),
  }),
});

const UpdateWorkflowInput = builder.inputType('UpdateWorkflowInput', {
  description: 'Changes to a workflow; omitted fields stay as they are.',
  fields: (t) => ({
    workflowId: t.id(workflowId),
    name: t.string({ required: false, description: 'New display name, 1 to 100 characters (trimmed).' }),
    description: t.string({ required: false, description: 'New free text, at most 2000 characters.' }),
    definition: t.field({
      type: 'JSON',
      required: false,
      description: 'A JSON object of at most 64 kB; a definition that differs from the current one becomes a new version.',
    }),
  }),
});

const SetWorkflowStatusInput = builder.inputType('SetWorkflowStatusInput', {
  description: 'A workflow and the status it should have.',
  fields: (t) => ({ workflowId: t.id(workflowId), status: t.field({ type: WorkflowStatusEnum, description: 'The new status.' }) }),
});

const definitionOf = (value: Record<string, unknown>) => value as Prisma.InputJsonObject;

builder.mutationField('createWorkflow', (t) =>
  t.field({
    type: entityPayload('CreateWorkflowPayload', 'workflow', WorkflowRef),
    description: 'Creates a DRAFT workflow with its first version. EDITOR and up, or an API key with workflows:write.',
    args: { input: t.arg({ type: CreateWorkflowInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(
        z.object({ name: workflowName, description: workflowDescription.default(''), definition: workflowDefinition }),
        { ...input, description: input.description ?? undefined },
      );
      return { workflow: await createWorkflow(serviceScope(ctx), { ...valid, definition: definitionOf(valid.definition) }, payloadQuery(ctx, info, 'workflow')) };
    },
  }),
);

builder.mutationField('updateWorkflow', (t) =>
  t.field({
    type: entityPayload('UpdateWorkflowPayload', 'workflow', WorkflowRef),
    description: 'Renames a workflow or changes its description or definition (a new definition is a new version). EDITOR and up, or workflows:write.',
    args: { input: t.arg({ type: UpdateWorkflowInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(
        z.object({ name: workflowName.optional(), description: workflowDescription.optional(), definition: workflowDefinition.optional() }),
        { name: input.name ?? undefined, description: input.description ?? undefined, definition: input.definition ?? undefined },
      );
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      const definition = valid.definition && definitionOf(valid.definition);
      return { workflow: await updateWorkflow(serviceScope(ctx), { ...valid, definition, workflowId }, payloadQuery(ctx, info, 'workflow')) };
    },
  }),
);

builder.mutationField('setWorkflowStatus', (t) =>
  t.field({
    type: entityPayload('SetWorkflowStatusPayload', 'workflow', WorkflowRef),
    description: 'Activates, archives or returns a workflow to draft. EDITOR and up, or an API key with workflows:write.',
    args: { input: t.arg({ type: SetWorkflowStatusInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const workflowId = parseGlobalId(input.workflowId, 'Workflow', 'workflowId');
      return { workflow: await setWorkflowStatus(serviceScope(ctx), workflowId, input.status, payloadQuery(ctx, info, 'workflow')) };
    },
  }),
);
