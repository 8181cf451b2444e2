import { z } from 'zod';
import { jsonWithin } from '../validation.js';

/**
 * How large a workflow definition may be once serialized. Kept well under the default request body
 * limit (MAX_BODY_BYTES, 100 kB) so that an oversized definition is answered with BAD_USER_INPUT
 * naming the field, not with a bare 413 for the whole request.
 */
export const MAX_DEFINITION_BYTES = 64 * 1024;

export const workflowName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const workflowDescription = z.string().max(2000, 'must be at most 2000 characters');
export const workflowDefinition = z
  .record(z.string(), z.unknown(), 'must be a JSON object')
  .refine(jsonWithin(MAX_DEFINITION_BYTES), `must be at most ${MAX_DEFINITION_BYTES} bytes`);
