import type { z } from 'zod';
import { badInput } from '../graphql/errors.js';

/**
 * Parses mutation input with zod; the first problem becomes BAD_USER_INPUT whose message gives the
 * whole path (`scopes.1: …`) and whose `extensions.field` names the input field (`scopes`).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? String(issue.path[0]) : 'input';
  throw badInput(issue.path.map(String).join('.') || field, issue.message, field);
}

/** Rejects JSON documents larger than `maxBytes` once serialized (definitions, inputs, config). */
export function jsonWithin(maxBytes: number) {
  return (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null)) <= maxBytes;
}
