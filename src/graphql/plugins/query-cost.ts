import type { ApolloServerPlugin } from '@apollo/server';
import { costViolation, type CostLimitOptions } from '../../limits/cost-limit.js';
import { limitExceeded } from '../../limits/limit-exceeded.js';

/**
 * Refuses an operation whose cost exceeds `maxCost` with QUERY_TOO_COMPLEX (HTTP 400), before it
 * executes. It runs once Apollo has chosen the operation, so page sizes given as variables are
 * known, and it applies to every request: free text, automatic persisted queries and trusted
 * documents alike.
 */
export function queryCost(options: CostLimitOptions = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const violation = costViolation(schema, document, operation, request.variables ?? {}, options);
          if (violation) throw limitExceeded(violation);
        },
      };
    },
  };
}
