import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { checkOperation, type OperationCheckOptions } from '../operation-checks.js';

/**
 * Runs graphql/operation-checks.ts once Apollo has chosen the operation, so page sizes given as
 * variables are known, for every HTTP request: free text, automatic persisted queries and trusted
 * documents alike. One hook runs them all because Apollo runs plugins' hooks concurrently: split
 * across plugins, a refused argument would still be charged to the cost budget.
 */
export function operationChecks(options: OperationCheckOptions = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          await checkOperation({ schema, document, operation, variables: request.variables ?? {}, organization: contextValue.organization }, options);
        },
      };
    },
  };
}
