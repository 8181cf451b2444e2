import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import { limitExceeded } from '../../limits/limit-exceeded.js';
import { operationCost } from '../../limits/operation-cost.js';

export interface QueryCostOptions {
  /** The most an operation may cost under the model in limits/operation-cost.ts (MAX_COST). */
  maxCost?: number;
  /** The page size assumed for a connection queried without `first` or `last`. */
  defaultPageSize?: number;
}

/**
 * Refuses an operation whose cost exceeds `maxCost` with QUERY_TOO_COMPLEX (HTTP 400), before it
 * executes. It runs once Apollo has chosen the operation, so page sizes given as variables are
 * known, and it applies to every request: free text, automatic persisted queries and trusted
 * documents alike.
 */
export function queryCost({ maxCost = 5000, defaultPageSize = 20 }: QueryCostOptions = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = operationCost(schema, operation, fragments, request.variables ?? {}, defaultPageSize);
          if (cost > maxCost) throw limitExceeded({ limit: 'cost', max: maxCost, actual: cost });
        },
      };
    },
  };
}
