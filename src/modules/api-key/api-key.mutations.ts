import { z } from 'zod';
import { SCOPES, type Scope } from '../../auth/actor.js';
import { builder } from '../../graphql/builder.js';
import type { ApiKey } from '../../generated/prisma/client.js';
import { parseGlobalId } from '../ids.js';
import { entityPayload, inputArgument } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { ApiKeyRef } from './api-key.types.js';
import { createApiKey } from './services/create-api-key.js';
import { revokeApiKey } from './services/revoke-api-key.js';

const createInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(SCOPES, `must each be one of ${SCOPES.join(', ')}`))
    .min(1, 'must name at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
  expiresAt: z.date().refine((date) => date > new Date(), 'must be in the future').optional(),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key for a partner or worker.',
  fields: (t) => ({
    name: t.string({ description: 'What the key is for, 1 to 100 characters (trimmed).' }),
    scopes: t.stringList({ description: `At least one, none repeated, each one of: ${SCOPES.join(', ')}.` }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'When it stops working; must be in the future. Never, when omitted.' }),
  }),
});
const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  description: 'The key to revoke.',
  fields: (t) => ({ apiKeyId: t.id({ description: 'The global id of an ApiKey of the active organization.' }) }),
});

const CreateApiKeyPayload = builder.objectRef<{ apiKey: ApiKey; secret: string }>('CreateApiKeyPayload').implement({
  description: 'What createApiKey returns: the key’s record and, this once, its secret.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, description: 'The new key’s record.', resolve: (payload) => payload.apiKey }),
    secret: t.exposeString('secret', { description: 'The whole key. Shown this once: only its hash is stored.' }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    description: 'Creates an API key for the active organization. ADMIN and up (people only; no API key can create keys).',
    args: { input: t.arg({ type: CreateApiKeyInput, ...inputArgument }) },
    resolve: (_root, { input }, ctx) => {
      const valid = validate(createInput, { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt ?? undefined });
      return createApiKey(serviceScope(ctx), { ...valid, scopes: valid.scopes as Scope[] });
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: entityPayload('RevokeApiKeyPayload', 'apiKey', ApiKeyRef),
    description: 'Revokes an API key at once: its next request is UNAUTHENTICATED. Revoking twice is CONFLICT. ADMIN and up (people only).',
    args: { input: t.arg({ type: RevokeApiKeyInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx) => ({
      apiKey: await revokeApiKey(serviceScope(ctx), parseGlobalId(input.apiKeyId, 'ApiKey', 'apiKeyId')),
    }),
  }),
);
