import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { LimitViolation } from './limit-exceeded.js';
import { operationCost, type Variables } from './operation-cost.js';

export interface CostLimitOptions {
  /** The most an operation may cost under the model in operation-cost.ts (MAX_COST). */
  maxCost?: number;
  /** The page size assumed for a connection queried without `first` or `last`. */
  defaultPageSize?: number;
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

/**
 * The cost of the chosen operation with its variables, against `maxCost`. It needs both, so it runs
 * after the operation is resolved (Apollo's didResolveOperation, graphql-ws's onSubscribe): page
 * sizes given as variables count as given.
 */
export function costViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  { maxCost = 5000, defaultPageSize = 20 }: CostLimitOptions = {},
): LimitViolation | undefined {
  const cost = operationCost(schema, operation, fragmentsOf(document), variables, defaultPageSize);
  return cost > maxCost ? { limit: 'cost', max: maxCost, actual: cost } : undefined;
}
