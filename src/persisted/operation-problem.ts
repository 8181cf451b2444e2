import { createHash } from 'node:crypto';
import { parse, validate, type GraphQLSchema } from 'graphql';

/**
 * Whether a trusted document can be served: its id is the SHA-256 of its body and it validates
 * against the schema. Checked when an operator registers a manifest, by `flowgate operations check`
 * for every registered one, and by the schema check in CI for the shipped manifest.
 */

export interface TrustedOperation {
  id: string;
  name: string;
  body: string;
}

/** Why a trusted operation cannot be served by `schema` (or its id is not its body's hash), if it cannot. */
export function operationProblem(schema: GraphQLSchema, operation: TrustedOperation): string | undefined {
  const digest = createHash('sha256').update(operation.body).digest('hex');
  if (digest !== operation.id) return `${operation.name}: id is not the SHA-256 of its body`;
  try {
    const problems = validate(schema, parse(operation.body));
    return problems.length ? `${operation.name}: ${problems[0].message}` : undefined;
  } catch (error) {
    return `${operation.name}: ${(error as Error).message}`;
  }
}
