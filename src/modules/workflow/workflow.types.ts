import { builder } from '../../graphql/builder.js';
import { WorkflowStatus } from '../../generated/prisma/enums.js';
import { NO_TENANT, parseGlobalId } from '../ids.js';

export const WorkflowStatusEnum = builder.enumType(WorkflowStatus, {
  name: 'WorkflowStatus',
  description: 'Where a workflow is in its life. EDITORs (or workflows:write) move it with setWorkflowStatus.',
  values: {
    DRAFT: { description: 'Being written; cannot run yet. New workflows start here.' },
    ACTIVE: { description: 'Runnable: runWorkflow accepts it.' },
    ARCHIVED: { description: 'Retired: kept with its history, cannot run.' },
  },
});

const tenantOf = (ctx: { organization: { id: string } | null }) => ctx.organization?.id ?? NO_TENANT;

export const WorkflowRef = builder.prismaNode('Workflow', {
  description:
    'An automation the organization can run. Readable by any member (VIEWER and up) or an API key with workflows:read; EDITORs (or workflows:write) create and change it. Its definition is versioned.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: a read loads the columns its fields ask for (a page of workflows under a dashboard
  // reads names and ids, not every description).
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, 1 to 100 characters (not unique).' }),
    description: t.exposeString('description', { description: 'Free text, at most 2000 characters; empty when not given.' }),
    status: t.expose('status', { type: WorkflowStatusEnum, description: 'DRAFT, ACTIVE or ARCHIVED; only ACTIVE workflows run.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its name, description, definition or status last changed.' }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The person who created it; null when an API key did or the account was deleted.' }),
    currentVersion: t.relation('currentVersion', { nullable: true, description: 'The version that runs: the latest definition.' }),
    executionCount: t.relationCount('executions', { description: 'How many times this workflow has run (any status). VIEWER and up, or workflows:read.' }),
  }),
});

export const WorkflowVersionRef = builder.prismaNode('WorkflowVersion', {
  description: 'One definition of a workflow, never changed once written. Readable by any member (VIEWER and up) or an API key with workflows:read.',
  id: { field: 'id' },
  nullable: true,
  // Select mode: a read loads the columns its fields ask for, so `definition` (up to 64 kB) only when asked.
  select: {},
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Its number: 1 for the first definition, then one more for each change.' }),
    definition: t.expose('definition', { type: 'JSON', description: 'The workflow definition: a JSON object of at most 64 kB.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When this version was written.' }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The person who wrote it; null when an API key did or the account was deleted.' }),
    workflow: t.relation('workflow', { description: 'The workflow it belongs to.' }),
  }),
});

builder.queryField('workflow', (t) =>
  t.prismaField({
    type: 'Workflow',
    nullable: true,
    description: 'One workflow of the active organization by global id; null when it does not exist or is another organization’s. VIEWER and up, or workflows:read.',
    args: { id: t.arg.id({ description: 'The workflow’s global id.' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.workflow.findUnique({
        ...query,
        where: { id: parseGlobalId(args.id, 'Workflow', 'id'), organizationId: tenantOf(ctx) },
      }),
  }),
);
