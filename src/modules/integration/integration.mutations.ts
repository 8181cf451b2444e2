import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { deletionPayload, entityPayload } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { jsonWithin, validate } from '../validation.js';
import { IntegrationRef, IntegrationStatusEnum } from './integration.types.js';
import { createIntegration } from './services/create-integration.js';
import { deleteIntegration } from './services/delete-integration.js';
import { updateIntegration } from './services/update-integration.js';

const MAX_JSON_BYTES = 16 * 1024;
const jsonObject = z
  .record(z.string(), z.unknown(), 'must be a JSON object')
  .refine(jsonWithin(MAX_JSON_BYTES), `must be at most ${MAX_JSON_BYTES} bytes`);
const fields = {
  provider: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2-40 lowercase letters, digits or dashes'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  config: jsonObject,
  credentials: jsonObject,
};

const CreateIntegrationInput = builder.inputType('CreateIntegrationInput', {
  fields: (t) => ({
    provider: t.string(),
    name: t.string(),
    config: t.field({ type: 'JSON', required: false }),
    credentials: t.field({ type: 'JSON', required: false, description: 'Write-only: encrypted at rest, never returned.' }),
  }),
});
const UpdateIntegrationInput = builder.inputType('UpdateIntegrationInput', {
  fields: (t) => ({
    integrationId: t.id(),
    name: t.string({ required: false }),
    config: t.field({ type: 'JSON', required: false }),
    credentials: t.field({ type: 'JSON', required: false, description: 'Replaces the stored credentials.' }),
    status: t.field({ type: IntegrationStatusEnum, required: false }),
  }),
});
const DeleteIntegrationInput = builder.inputType('DeleteIntegrationInput', { fields: (t) => ({ integrationId: t.id() }) });

const asJson = (value: Record<string, unknown> | undefined) => value as Prisma.InputJsonObject | undefined;

builder.mutationField('createIntegration', (t) =>
  t.field({
    type: entityPayload('CreateIntegrationPayload', 'integration', IntegrationRef),
    args: { input: t.arg({ type: CreateIntegrationInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(z.object({ ...fields, config: fields.config.default({}), credentials: fields.credentials.optional() }), {
        provider: input.provider,
        name: input.name,
        config: input.config ?? undefined,
        credentials: input.credentials ?? undefined,
      });
      const integration = await createIntegration(serviceScope(ctx), ctx.config.credentialsKey, { ...valid, config: asJson(valid.config)! });
      return { integration };
    },
  }),
);

builder.mutationField('updateIntegration', (t) =>
  t.field({
    type: entityPayload('UpdateIntegrationPayload', 'integration', IntegrationRef),
    args: { input: t.arg({ type: UpdateIntegrationInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(z.object({ name: fields.name.optional(), config: fields.config.optional(), credentials: fields.credentials.optional() }), {
        name: input.name ?? undefined,
        config: input.config ?? undefined,
        credentials: input.credentials ?? undefined,
      });
      const integrationId = parseGlobalId(input.integrationId, 'Integration', 'integrationId');
      const integration = await updateIntegration(serviceScope(ctx), ctx.config.credentialsKey, {
        ...valid,
        config: asJson(valid.config),
        status: input.status ?? undefined,
        integrationId,
      });
      return { integration };
    },
  }),
);

builder.mutationField('deleteIntegration', (t) =>
  t.field({
    type: deletionPayload('DeleteIntegrationPayload', 'Integration'),
    args: { input: t.arg({ type: DeleteIntegrationInput }) },
    resolve: (_root, { input }, ctx) => deleteIntegration(serviceScope(ctx), parseGlobalId(input.integrationId, 'Integration', 'integrationId')),
  }),
);
