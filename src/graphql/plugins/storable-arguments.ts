import type { ApolloServerPlugin } from '@apollo/server';
import { argumentProblem, refusedArgument } from '../../input/argument-problems.js';

/**
 * Refuses an operation with an argument value the gateway cannot store or look up exactly (see
 * input/storable-value.ts) with BAD_USER_INPUT naming the field, before it executes: no statement
 * runs, so nothing is written and nothing reaches the database's error path.
 */
export function storableArguments(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          const problem = operation && argumentProblem(schema, document, operation, request.variables ?? {});
          if (problem) throw refusedArgument(problem);
        },
      };
    },
  };
}
