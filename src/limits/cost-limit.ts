import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { LimitViolation } from './limit-exceeded.js';
import { operationCost, type Variables } from './operation-cost.js';

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

/** The cost of the chosen operation with its variables (operation-cost.ts): what MAX_COST and the cost budget count. */
export function measureCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables, defaultPageSize = 20): number {
  return operationCost(schema, operation, fragmentsOf(document), variables, defaultPageSize);
}

/**
 * An operation's cost (measureCost) against `maxCost`. Measuring needs the operation and its
 * variables, so it runs after the operation is resolved (Apollo's didResolveOperation, graphql-ws's
 * onSubscribe): page sizes given as variables count as given.
 */
export function costViolation(cost: number, maxCost = 5000): LimitViolation | undefined {
  return cost > maxCost ? { limit: 'cost', max: maxCost, actual: cost } : undefined;
}
