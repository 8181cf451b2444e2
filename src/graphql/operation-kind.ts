import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * Is the request a query operation? Known from its document before execution, so that its whole
 * request session can open on a read replica (db/replicas.ts). Anything unsure — no text yet (an
 * automatic persisted query's hash), a document that does not parse, no such operation — says no,
 * and the request runs on the primary, which is always right.
 */
export function isQueryOperation(source: unknown): boolean {
  if (!source || typeof source !== 'object') return false;
  const { query, operationName } = source as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { noLocation: true }).definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const chosen = typeof operationName === 'string' && operationName !== '' ? operations.find((node) => node.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation === 'query';
}
