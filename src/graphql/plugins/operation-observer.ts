import type { ApolloServerPlugin } from '@apollo/server';
import { noteOperation } from '../../runtime/observation.js';

/** Tells the request's observation which operation Apollo chose (null for an anonymous one). */
export function operationObserver(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          noteOperation(operationName);
        },
      };
    },
  };
}
