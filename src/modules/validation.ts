import type { z } from 'zod';
import { badInput } from '../graphql/errors.js';

/** Parses mutation input with zod; the first problem becomes BAD_USER_INPUT naming its field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badInput(issue.path.map(String).join('.') || 'input', issue.message);
}

/** Rejects JSON documents larger than `maxBytes` once serialized (definitions, inputs, config). */
export function jsonWithin(maxBytes: number) {
  return (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null)) <= maxBytes;
}
