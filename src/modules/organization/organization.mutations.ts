import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { entityPayload, inputArgument } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { OrganizationRef, PlanEnum } from './organization.types.js';
import { createOrganization } from './services/create-organization.js';
import { updateOrganization } from './services/update-organization.js';

export const organizationName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be 1-40 lowercase letters, digits or dashes, not starting or ending with a dash');

const CreateOrganizationPayload = entityPayload('CreateOrganizationPayload', 'organization', OrganizationRef);
const UpdateOrganizationPayload = entityPayload('UpdateOrganizationPayload', 'organization', OrganizationRef);

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  description: 'A new organization.',
  fields: (t) => ({
    name: t.string({ description: 'Display name, 1 to 100 characters (trimmed).' }),
    slug: t.string({
      description: 'Unique short name: 1-40 lowercase letters, digits or dashes, not starting or ending with a dash. A taken slug is CONFLICT.',
    }),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Changes to the active organization; omitted fields stay as they are.',
  fields: (t) => ({
    name: t.string({ required: false, description: 'New display name, 1 to 100 characters (trimmed). ADMIN and up.' }),
    plan: t.field({ type: PlanEnum, required: false, description: 'New plan. OWNER only: anyone else gets FORBIDDEN.' }),
  }),
});

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: CreateOrganizationPayload,
    description: 'Creates an organization with you as its OWNER. Any signed-in person (bearer token, not an API key); needs no active organization.',
    args: { input: t.arg({ type: CreateOrganizationInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(z.object({ name: organizationName, slug }), input);
      const caller = { userId: ctx.actor?.kind === 'user' ? ctx.actor.userId : '', requestId: ctx.requestId, ip: ctx.ip };
      return { organization: await createOrganization(ctx.base, caller, valid) };
    },
  }),
);

builder.mutationField('updateOrganization', (t) =>
  t.field({
    type: UpdateOrganizationPayload,
    description: 'Renames the active organization (ADMIN and up) or changes its plan (OWNER only). People only.',
    args: { input: t.arg({ type: UpdateOrganizationInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(z.object({ name: organizationName.optional(), plan: z.enum(['FREE', 'TEAM', 'ENTERPRISE']).optional() }), {
        name: input?.name ?? undefined,
        plan: input?.plan ?? undefined,
      });
      return { organization: await updateOrganization(serviceScope(ctx), ctx.role, valid) };
    },
  }),
);
