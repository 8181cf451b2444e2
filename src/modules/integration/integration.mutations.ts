import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { deletionPayload, entityPayload, inputArgument, payloadQuery } from '../payload.js';
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

const integrationId = { description: 'The global id of an Integration of the active organization.' };

const CreateIntegrationInput = builder.inputType('CreateIntegrationInput', {
  description: 'A new connection to a third-party service.',
  fields: (t) => ({
    provider: t.string({ description: 'Which service: 2-40 lowercase letters, digits or dashes, starting with a letter.' }),
    name: t.string({ description: 'Display name, 1 to 100 characters (trimmed).' }),
    config: t.field({ type: 'JSON', required: false, description: 'Non-secret settings: a JSON object of at most 16 kB; {} when omitted.' }),
    credentials: t.field({
      type: 'JSON',
      required: false,
      description: 'Secrets (tokens, passwords): a JSON object of at most 16 kB. Write-only: encrypted at rest, never returned.',
    }),
  }),
});
const UpdateIntegrationInput = builder.inputType('UpdateIntegrationInput', {
  description: 'Changes to an integration; omitted fields stay as they are.',
  fields: (t) => ({
    integrationId: t.id(integrationId),
    name: t.string({ required: false, description: 'New display name, 1 to 100 characters (trimmed).' }),
    config: t.field({ type: 'JSON', required: false, description: 'New settings, replacing the old: a JSON object of at most 16 kB.' }),
    credentials: t.field({ type: 'JSON', required: false, description: 'Replaces the stored credentials: a JSON object of at most 16 kB. Write-only.' }),
    status: t.field({ type: IntegrationStatusEnum, required: false, description: 'The new status.' }),
  }),
});
const DeleteIntegrationInput = builder.inputType('DeleteIntegrationInput', {
  description: 'The integration to delete.',
  fields: (t) => ({ integrationId: t.id(integrationId) }),
});

const asJson = (value: Record<string, unknown> | undefined) => value as Prisma.InputJsonObject | undefined;

builder.mutationField('createIntegration', (t) =>
  t.field({
    type: entityPayload('CreateIntegrationPayload', 'integration', IntegrationRef),
    description: 'Connects a third-party service. ADMIN and up (people only).',
    args: { input: t.arg({ type: CreateIntegrationInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(z.object({ ...fields, config: fields.config.default({}), credentials: fields.credentials.optional() }), {
        provider: input.provider,
        name: input.name,
        config: input.config ?? undefined,
        credentials: input.credentials ?? undefined,
      });
      const integration = await createIntegration(
        serviceScope(ctx),
        ctx.config.credentialsKey,
        { ...valid, config: asJson(valid.config)! },
        payloadQuery(ctx, info, 'integration'),
      );
      return { integration };
    },
  }),
);

builder.mutationField('updateIntegration', (t) =>
  t.field({
    type: entityPayload('UpdateIntegrationPayload', 'integration', IntegrationRef),
    description: 'Changes an integration’s name, config, credentials or status. ADMIN and up (people only).',
    args: { input: t.arg({ type: UpdateIntegrationInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx, info) => {
      const valid = validate(z.object({ name: fields.name.optional(), config: fields.config.optional(), credentials: fields.credentials.optional() }), {
        name: input.name ?? undefined,
        config: input.config ?? undefined,
        credentials: input.credentials ?? undefined,
      });
      const integrationId = parseGlobalId(input.integrationId, 'Integration', 'integrationId');
      const integration = await updateIntegration(
        serviceScope(ctx),
        ctx.config.credentialsKey,
        { ...valid, config: asJson(valid.config), status: input.status ?? undefined, integrationId },
        payloadQuery(ctx, info, 'integration'),
      );
      return { integration };
    },
  }),
);

builder.mutationField('deleteIntegration', (t) =>
  t.field({
    type: deletionPayload('DeleteIntegrationPayload', 'Integration'),
    description: 'Deletes an integration and erases its credentials. ADMIN and up (people only).',
    args: { input: t.arg({ type: DeleteIntegrationInput, ...inputArgument }) },
    resolve: (_root, { input }, ctx) => deleteIntegration(serviceScope(ctx), parseGlobalId(input.integrationId, 'Integration', 'integrationId')),
  }),
);
