import { builder } from '../../graphql/builder.js';
import { WorkflowStatus } from '../../generated/prisma/enums.js';
import { connectionOptions } from '../connection.js';
import { NO_TENANT, parseGlobalId } from '../ids.js';

export const WorkflowStatusEnum = builder.enumType(WorkflowStatus, { name: 'WorkflowStatus' });

const tenantOf = (ctx: { organization: { id: string } | null }) => ctx.organization?.id ?? NO_TENANT;

export const WorkflowRef = builder.prismaNode('Workflow', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    status: t.expose('status', { type: WorkflowStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    createdBy: t.relation('createdBy', { nullable: true }),
    currentVersion: t.relation('currentVersion', { nullable: true }),
    versions: t.relatedConnection('versions', {
      ...connectionOptions,
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { version: 'desc' } },
    }),
    executionCount: t.int({
      description: 'How many times this workflow has run.',
      resolve: (workflow, _args, ctx) => ctx.loaders.workflow.executionCount.load(workflow.id),
    }),
  }),
});

export const WorkflowVersionRef = builder.prismaNode('WorkflowVersion', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  fields: (t) => ({
    version: t.exposeInt('version'),
    definition: t.expose('definition', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.relation('createdBy', { nullable: true }),
    workflow: t.relation('workflow'),
  }),
});

builder.prismaObjectField('Organization', 'workflows', (t) =>
  t.relatedConnection('workflows', {
    ...connectionOptions,
    cursor: 'id',
    totalCount: true,
    args: {
      status: t.arg({ type: WorkflowStatusEnum, required: false }),
      search: t.arg.string({ required: false, description: 'Matches names, case-insensitively.' }),
    },
    query: (args) => ({
      where: {
        status: args.status ?? undefined,
        name: args.search ? { contains: args.search, mode: 'insensitive' } : undefined,
      },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    }),
  }),
);

builder.queryField('workflow', (t) =>
  t.prismaField({
    type: 'Workflow',
    nullable: true,
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.workflow.findUnique({
        ...query,
        where: { id: parseGlobalId(args.id, 'Workflow', 'id'), organizationId: tenantOf(ctx) },
      }),
  }),
);
